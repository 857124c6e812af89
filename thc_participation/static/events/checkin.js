// Check-in: scan a participant's QR code with the phone's camera, in the page, where the
// browser offers BarcodeDetector (Chrome on Android). Elsewhere the phone's own camera
// app opens the URL the QR code holds, which leads to the same page.
(function () {
  "use strict";
  var zone = document.getElementById("scanner");
  if (!zone || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var button = zone.querySelector("button");
  var video = zone.querySelector("video");
  var status = zone.querySelector("[role=status]");
  zone.hidden = false;

  function codeFrom(text) {
    try {
      var url = new URL(text);
      return url.searchParams.get("code");
    } catch (e) {
      return /^[A-Z0-9-]{6,20}$/i.test(text) ? text : null;
    }
  }

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        button.hidden = true;
        status.textContent = zone.dataset.scanning;
        return video.play().then(function () { return stream; });
      })
      .then(function (stream) {
        function look() {
          detector.detect(video).then(function (found) {
            var code = found.length ? codeFrom(found[0].rawValue) : null;
            if (!code) { window.requestAnimationFrame(look); return; }
            stream.getTracks().forEach(function (track) { track.stop(); });
            var target = new URL(zone.dataset.url, window.location.href);
            target.searchParams.set("code", code);
            window.location.assign(target.toString());
          }).catch(function () { window.requestAnimationFrame(look); });
        }
        look();
      })
      .catch(function () { status.textContent = zone.dataset.denied; });
  });
})();
