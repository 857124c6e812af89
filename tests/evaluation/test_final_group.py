"""The guide's evaluation groups: a final group is drawn three months before the end (J+21)
only when no continuous group was drawn; the evaluation page says which applies."""

from datetime import date

from dateutil.relativedelta import relativedelta

from thc_participation.evaluation.models import Draw, DrawPurpose, DrawState
from thc_participation.evaluation.services import groups

from ..support.pages import text_of
from .builders import make_draw, make_pool

NEW = "/gestion/tirages/nouveau"


def _form(pool, purpose):
    return {"pool_id": str(pool.id), "title": "Groupe d'évaluation", "purpose": purpose,
            "panel_size": "3", "randomness_source": "Loto du samedi"}


def test_final_group_only_from_j_plus_21(client, territory, agent, login, db):
    territory.programme_start = date.today() - relativedelta(months=20)
    db.session.commit()
    pool = make_pool(agent, territory)
    login(client, agent)
    early = client.post(f"/t/{territory.slug}{NEW}", data=_form(pool, "evaluation-finale"))
    assert early.status_code == 400
    first = territory.programme_start + relativedelta(months=21)
    assert "trois mois avant la fin du programme" in text_of(early)
    assert groups.final_group_from(territory) == first
    assert db.session.query(Draw).filter_by(purpose=DrawPurpose.FINAL).count() == 0
    page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "un groupe d’évaluation finale est tiré au sort trois mois avant la fin" in page

    territory.programme_start = date.today() - relativedelta(months=21)
    db.session.commit()
    assert client.post(f"/t/{territory.slug}{NEW}",
                       data=_form(pool, "evaluation-finale")).status_code == 302
    assert db.session.query(Draw).filter_by(purpose=DrawPurpose.FINAL).count() == 1


def test_no_final_group_once_a_continuous_group_is_drawn(client, territory, other_territory,
                                                         agent, other_agent, login, db):
    territory.programme_start = date.today() - relativedelta(months=22)
    other_territory.programme_start = territory.programme_start
    db.session.commit()
    pool = make_pool(agent, territory)
    make_draw(agent, territory, pool, state=DrawState.RANDOMNESS, purpose="evaluation-continue")
    assert not groups.continuous_group_drawn(territory)  # not drawn yet: no group exists
    make_draw(agent, territory, pool, state=DrawState.DRAWN, purpose="evaluation-continue")
    assert groups.continuous_group_drawn(territory)
    login(client, agent)
    refused = client.post(f"/t/{territory.slug}{NEW}", data=_form(pool, "evaluation-finale"))
    assert refused.status_code == 409
    assert "groupe d'évaluation continue" in text_of(refused)
    page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "il n’y a pas de groupe d’évaluation finale" in page
    # another territory's continuous group changes nothing for its own final group
    assert not groups.continuous_group_drawn(other_territory)
    other_pool = make_pool(other_agent, other_territory)
    login(client, other_agent)
    assert client.post(f"/t/{other_territory.slug}{NEW}",
                       data=_form(other_pool, "evaluation-finale")).status_code == 302
