"""Read-only queries: consultations one may see, pages of threads and proposals, what a
viewer voted for or supports, help places, blocked accounts, the moderation queue and the
participants of a consultation."""

from sqlalchemy import func, select, union_all

from ...extensions import db
from .. import permissions
from ..models import (
    TEXT_SECTIONS,
    Block,
    Comment,
    CommentSort,
    Consultation,
    ConsultationState,
    HelpPlace,
    Moderation,
    Proposal,
    ProposalSort,
    Report,
    Support,
    Vote,
)
from ..threads import build_threads
from .paging import Keyset, links

ROOTS_PER_PAGE = 20
REPLIES_SHOWN = 30
THREAD_REPLIES_PER_PAGE = 100
PROPOSALS_PER_PAGE = 20
MODERATION_QUEUE_MAX = 200

_COMMENT_ORDERS = {
    CommentSort.RECENT: Keyset(Comment.created_at, Comment.id),
    CommentSort.OLDEST: Keyset(Comment.created_at, Comment.id, descending=False),
    CommentSort.SUPPORTED: Keyset(Comment.score, Comment.created_at, Comment.id),
    CommentSort.DEBATED: Keyset(Comment.reply_count, Comment.created_at, Comment.id),
}
_PROPOSAL_ORDERS = {
    ProposalSort.SUPPORTED: Keyset(Proposal.support_count, Proposal.created_at, Proposal.id),
    ProposalSort.RECENT: Keyset(Proposal.created_at, Proposal.id),
}


def _pages(total, per_page):
    return max(1, -(-total // per_page))


def _member(enum_cls, value, default):
    try:
        return enum_cls(value)
    except ValueError:
        return default


def visible_consultations(territory, viewer):
    query = select(Consultation).where(Consultation.territory_id == territory.id)
    if not permissions.may_manage(viewer, territory):
        query = query.where(Consultation.state != ConsultationState.DRAFT)
    return db.session.scalars(query.order_by(Consultation.created_at.desc())).all()


def _root_query(phase, proposal, section):
    query = select(Comment).where(Comment.phase_id == phase.id, Comment.parent_id.is_(None))
    if proposal is not None:
        return query.where(Comment.proposal_id == proposal.id)
    query = query.where(Comment.proposal_id.is_(None))
    return query.where(Comment.section == section) if section else query


def _root_total(phase, proposal, section, base):
    """Root comments of the list: the phase's counters (a proposal's discussion is counted, it
    is one proposal's)."""
    if proposal is None:
        return phase.root_count(section)
    return db.session.scalar(select(func.count()).select_from(base.subquery()))


def _threads_of(ids):
    """The root comments ``ids`` (in that order) and their first replies, in one query: the
    authors of both are loaded together, so a page costs the same statements whether its
    threads have replies or not."""
    if not ids:
        return [], []
    rank = (
        func.row_number()
        .over(partition_by=Comment.root_id, order_by=(Comment.created_at, Comment.id))
        .label("rank")
    )
    ranked = select(Comment.id, rank).where(Comment.root_id.in_(ids)).subquery()
    # A join on the primary key (an OR of two IN made PostgreSQL scan the whole table).
    picked = union_all(
        select(Comment.id).where(Comment.id.in_(ids)),
        select(ranked.c.id).where(ranked.c.rank <= REPLIES_SHOWN),
    ).subquery()
    loaded = db.session.scalars(
        select(Comment).join(picked, picked.c.id == Comment.id)
        .order_by(Comment.created_at, Comment.id)
    ).unique().all()
    wanted = set(ids)
    roots = {c.id: c for c in loaded if c.id in wanted}
    return [roots[i] for i in ids], [c for c in loaded if c.id not in roots]


def comment_page(phase, viewer, section=None, sort=CommentSort.RECENT, page=1, proposal=None,
                 after=None, before=None):
    """One page of threads: a fixed number of queries, and the same time, whatever the number
    of comments (counters instead of counting, keyset pages from the previous page)."""
    sort = _member(CommentSort, sort, CommentSort.RECENT)
    section = next((s for s in TEXT_SECTIONS if s == section), None)
    base = _root_query(phase, proposal, section)
    total = _root_total(phase, proposal, section, base)
    # Pick the page's ids in index order first, then load those rows with their authors:
    # the joins never run over the whole phase.
    order = _COMMENT_ORDERS[sort]
    keys = order.rows(db.session.execute, base.with_only_columns(*order.columns),
                      ROOTS_PER_PAGE, page, after, before)
    ids = [row.id for row in keys]
    roots, replies = _threads_of(ids)
    pages = _pages(total, ROOTS_PER_PAGE)
    return {
        "threads": build_threads(roots, replies),
        "total": total,
        "page": page,
        "pages": pages,
        "cursors": links(order, keys, page, pages),
        "sort": sort,
        "section": section,
        "my_votes": my_votes(viewer, [c.id for c in [*roots, *replies]]),
    }


def thread_page(comment, viewer, page=1):
    """A whole thread, its replies paginated."""
    root = comment if comment.root_id is None else db.session.get(Comment, comment.root_id)
    replies = db.session.scalars(
        select(Comment)
        .where(Comment.root_id == root.id)
        .order_by(Comment.created_at, Comment.id)
        .limit(THREAD_REPLIES_PER_PAGE)
        .offset((page - 1) * THREAD_REPLIES_PER_PAGE)
    ).unique().all()
    return {
        "threads": build_threads([root], replies),
        "root": root,
        "page": page,
        "pages": _pages(root.reply_count, THREAD_REPLIES_PER_PAGE),
        "my_votes": my_votes(viewer, [root.id, *(c.id for c in replies)]),
    }


def my_votes(viewer, comment_ids):
    if not getattr(viewer, "is_authenticated", False) or not comment_ids:
        return {}
    return dict(db.session.execute(
        select(Vote.comment_id, Vote.value).where(
            Vote.user_id == viewer.id, Vote.comment_id.in_(comment_ids))
    ).all())


def proposal_page(phase, viewer, page=1, sort=ProposalSort.SUPPORTED, after=None, before=None):
    """One page of a phase's proposals: counted by the phase's counter, keyset pages."""
    sort = _member(ProposalSort, sort, ProposalSort.SUPPORTED)
    order = _PROPOSAL_ORDERS[sort]
    proposals = order.rows(lambda q: db.session.scalars(q).unique(),
                           select(Proposal).where(Proposal.phase_id == phase.id),
                           PROPOSALS_PER_PAGE, page, after, before)
    total = phase.proposal_count
    pages = _pages(total, PROPOSALS_PER_PAGE)
    return {
        "proposals": proposals,
        "total": total,
        "page": page,
        "pages": pages,
        "cursors": links(order, proposals, page, pages),
        "sort": sort,
        "my_supports": my_supports(viewer, [p.id for p in proposals]),
    }


def my_supports(viewer, proposal_ids):
    if not getattr(viewer, "is_authenticated", False) or not proposal_ids:
        return set()
    return set(db.session.scalars(
        select(Support.proposal_id).where(
            Support.user_id == viewer.id, Support.proposal_id.in_(proposal_ids))
    ))


def help_places(territory):
    return db.session.scalars(
        select(HelpPlace).where(HelpPlace.territory_id == territory.id).order_by(HelpPlace.name)
    ).all()


def blocks(territory):
    return db.session.scalars(
        select(Block).where(Block.territory_id == territory.id).order_by(Block.created_at.desc())
    ).all()


def _awaiting_moderation(model, report_column, territory):
    """Comments or proposals of the territory that are provisionally hidden or have an open
    report (``report_column`` is the report's foreign key to ``model``)."""
    return db.session.scalars(
        select(model)
        .join(Consultation, Consultation.id == model.consultation_id)
        .where(Consultation.territory_id == territory.id,
               (model.moderation == Moderation.PROVISIONAL)
               | model.id.in_(select(report_column).where(Report.resolved_at.is_(None))))
        .order_by(model.report_count.desc(), model.created_at)
        .limit(MODERATION_QUEUE_MAX)
    ).unique().all()


def _awaiting_condition(model, report_column, territory):
    return (model.consultation_id.in_(select(Consultation.id).where(
        Consultation.territory_id == territory.id))
        & ((model.moderation == Moderation.PROVISIONAL)
           | model.id.in_(select(report_column).where(Report.resolved_at.is_(None)))))


def pending_moderation(territory):
    """How many comments and proposals of the territory wait for a moderator (an open report
    or provisionally hidden): the count shown beside "Gestion" and on its page."""
    counts = [select(func.count()).select_from(model).where(
        _awaiting_condition(model, column, territory)).scalar_subquery()
        for model, column in ((Comment, Report.comment_id), (Proposal, Report.proposal_id))]
    return db.session.scalar(select(counts[0] + counts[1]))


def moderation_queue(territory):
    """Reported or provisionally hidden items of the territory, most reported first."""
    comments = _awaiting_moderation(Comment, Report.comment_id, territory)
    proposals = _awaiting_moderation(Proposal, Report.proposal_id, territory)
    reports = db.session.scalars(
        select(Report).where(
            Report.resolved_at.is_(None),
            Report.comment_id.in_([c.id for c in comments])
            | Report.proposal_id.in_([p.id for p in proposals]),
        ).order_by(Report.created_at)
    ).all()
    by_item = {}
    for r in reports:
        key = ("comment", r.comment_id) if r.comment_id else ("proposal", r.proposal_id)
        by_item.setdefault(key, []).append(r)
    return {"comments": comments, "proposals": proposals, "reports": by_item}


def participant_ids(consultation):
    """Accounts that commented, proposed, voted or supported (agents' entries for others
    are counted as contributions, not as the agent's participation)."""
    cid = consultation.id
    queries = [
        select(Comment.author_id).where(Comment.consultation_id == cid,
                                        Comment.on_behalf_name.is_(None)).distinct(),
        select(Proposal.author_id).where(Proposal.consultation_id == cid,
                                         Proposal.on_behalf_name.is_(None)).distinct(),
        select(Vote.user_id).join(Comment, Comment.id == Vote.comment_id)
        .where(Comment.consultation_id == cid).distinct(),
        select(Support.user_id).join(Proposal, Proposal.id == Support.proposal_id)
        .where(Proposal.consultation_id == cid).distinct(),
    ]
    ids = set()
    for query in queries:
        ids.update(i for i in db.session.scalars(query) if i is not None)
    return ids
