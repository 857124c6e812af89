// Expand every event of an iCalendar file with Mozilla's ical.js (Thunderbird's lineage).
// Usage: node icaljs_expand.mjs FILE FROM_ISO TO_ISO
// Prints JSON: [{uid, summary, status, start, end, allDay, recurrenceId}], times in UTC ISO.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, fromIso, toIso] = process.argv.slice(2);
const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}
const from = ICAL.Time.fromJSDate(new Date(fromIso), true);
const to = ICAL.Time.fromJSDate(new Date(toIso), true);

const iso = (t) => (t.isDate ? t.toString() : t.toJSDate().toISOString());
const masters = new Map();
const exceptions = [];
for (const vevent of root.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  if (event.isRecurrenceException()) exceptions.push(event);
  else masters.set(event.uid, event);
}
for (const exception of exceptions) masters.get(exception.uid).relateException(exception);

const out = [];
for (const event of masters.values()) {
  const status = event.component.getFirstPropertyValue("status");
  if (!event.isRecurring()) {
    if (event.endDate.compare(from) > 0 && event.startDate.compare(to) < 0) {
      out.push({ uid: event.uid, summary: event.summary, status, start: iso(event.startDate),
                 end: iso(event.endDate), allDay: event.startDate.isDate, recurrenceId: null });
    }
    continue;
  }
  const it = event.iterator();
  for (let next = it.next(); next && next.compare(to) < 0; next = it.next()) {
    const d = event.getOccurrenceDetails(next);
    if (d.endDate.compare(from) <= 0 || d.startDate.compare(to) >= 0) continue;
    out.push({ uid: event.uid, summary: d.item.summary, status, start: iso(d.startDate),
               end: iso(d.endDate), allDay: d.startDate.isDate,
               recurrenceId: iso(d.recurrenceId) });
  }
}
out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
process.stdout.write(JSON.stringify(out));
