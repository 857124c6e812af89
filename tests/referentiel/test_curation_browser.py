"""In Debian's Chromium: a collectif member proposes a card, Démocratie Ouverte asks for a
change, the member makes it, the card is published and the public reads it."""

import pytest

from thc_participation.referentiel.models import Card, CardStatus

from ..dashboard.test_dashboard_browser import sign_in


def _context(browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(60_000)  # a shared, loaded machine: patience, not a measure
    page.on("pageerror", lambda exc: pytest.fail(f"JavaScript error: {exc}"))
    return context, page


@pytest.mark.browser
def test_a_collective_member_proposes_and_an_admin_publishes(live_server, browser, make_user,
                                                            admin, smtp, db):
    make_user(email="amie@collectif.fr", name="Nadia Collectif", is_collective_member=True)
    base = live_server.url
    member_context, member = _context(browser)
    admin_context, curator = _context(browser)
    public_context, public = _context(browser)
    try:
        sign_in(member, base, "amie@collectif.fr")
        member.goto(base + "/referentiel/contribuer")
        member.get_by_role("link", name="Nouvelle fiche : Outil & méthode").click()
        member.get_by_label("Titre", exact=True).fill("Marche exploratoire nocturne")
        member.get_by_label("Résumé").fill("Des habitantes parcourent le quartier de nuit pour "
                                           "repérer ce qui rend l'espace public hostile.")
        member.get_by_label("Texte").fill("## Déroulé\n\n1. Parcours\n2. Relevé\n3. Restitution")
        member.get_by_label("Émergence des besoins et mise à l'agenda").check()
        member.get_by_label("2. Diagnostic et cartographie").check()
        member.get_by_label("Niveau de participation").select_option(label="Consultation")
        member.get_by_role("button", name="Enregistrer").click()
        member.get_by_text("Le brouillon est enregistré").wait_for()
        member.get_by_role("button", name="Proposer la fiche").click()
        member.get_by_text("La fiche est proposée").wait_for()

        sign_in(curator, base, admin.email)
        curator.goto(base + "/admin/referentiel")
        curator.get_by_role("link", name="Marche exploratoire nocturne").first.click()
        curator.get_by_label("Ce qu'il faut modifier").fill("Indiquez la durée et le public.")
        curator.get_by_role("button", name="Renvoyer à l’auteur").click()
        curator.get_by_text("La fiche est renvoyée à son auteur").wait_for()

        member.goto(base + "/referentiel/contribuer")
        member.get_by_text("Indiquez la durée et le public.").wait_for()
        member.get_by_role("link", name="Marche exploratoire nocturne").click()
        member.get_by_role("heading", name="Modifications demandées par Démocratie Ouverte")\
            .wait_for()
        member.get_by_label("Durée").fill("deux heures, en soirée")
        member.get_by_label("Public", exact=True).fill("Habitantes du quartier")
        member.get_by_role("button", name="Enregistrer").click()
        member.get_by_text("Le brouillon est enregistré").wait_for()
        member.get_by_role("button", name="Proposer la fiche").click()
        member.get_by_text("La fiche est proposée").wait_for()

        curator.goto(base + "/admin/referentiel")
        curator.get_by_role("link", name="Marche exploratoire nocturne").first.click()
        curator.get_by_text("deux heures, en soirée").wait_for()
        curator.get_by_role("button", name="Publier la fiche").click()
        curator.get_by_text("La fiche est publiée (version 1)").wait_for()

        db.session.expire_all()
        card = db.session.scalar(db.select(Card).where(
            Card.title == "Marche exploratoire nocturne"))
        assert card.status == CardStatus.PUBLISHED and len(card.versions) == 1
        public.goto(base + "/referentiel")
        search = public.get_by_role("searchbox", name="Rechercher", exact=True)  # the catalogue's
        search.fill("marches exploratoires")
        search.press("Enter")
        public.get_by_role("link", name="Marche exploratoire nocturne").click()
        public.wait_for_url(f"{base}/referentiel/outil/{card.slug}")
        public.get_by_role("heading", name="Marche exploratoire nocturne").wait_for()
        public.get_by_text("deux heures, en soirée").first.wait_for()
        assert [m["To"] for m in smtp.messages] == ["amie@collectif.fr", "amie@collectif.fr"]
    finally:
        for context in (member_context, admin_context, public_context):
            context.close()
