"""Issue 18, item 6: the programme's resources library (network admin uploads templates and
kits per phase, versions kept; each territory's team finds them on its management pages)."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from thc_participation import uploads
from thc_participation.models import Upload
from thc_participation.resources import samples, services
from thc_participation.resources.models import Resource, ResourceVersion

from ..support.pages import text_of

ODT_MIME = "application/vnd.oasis.opendocument.text"


def odt_file(name="kit.odt", title="Kit d'animation"):
    return (io.BytesIO(samples.odt(title, ["Déroulé de l'atelier", "Consignes"])), name)


def office_zip(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def new_resource(client, **fields):
    data = {"title": "Kit d'animation des ateliers", "description": "Déroulé et consignes.",
            "phase": "summit", "kind": "kit-animation", "version_label": "v1",
            "version_date": "2026-09-01", "file": odt_file()} | fields
    return client.post("/admin/ressources", data=data, content_type="multipart/form-data")


@pytest.fixture
def library(admin, db):
    """A summit kit (two versions), a diagnostic matrix (CSV) and a public summit programme."""
    kit = services.create_resource(
        admin, "Kit d'animation des ateliers", "Déroulé et consignes.", "summit",
        "kit-animation", uploads_file(samples.odt("Kit v1", ["Version 1"]), "kit.odt"), "v1",
        date(2026, 6, 1))
    services.add_version(admin, kit, uploads_file(samples.odt("Kit v2", ["Version 2"]),
                                                  "kit.odt"), "v2", date(2026, 9, 1),
                         "Nouvelle consigne de restitution.")
    matrix = services.create_resource(
        admin, "Matrice du schéma de gouvernance", "", "diagnostic", "matrice",
        uploads_file(samples.csv(["Étape", "Acteurs"], [("Décision", "")]), "matrice.csv"),
        "2026-1", date(2026, 5, 1))
    programme = services.create_resource(
        admin, "Programme type du sommet", "", "summit", "programme-type",
        uploads_file(samples.pdf("Programme type", ["9 h 00 — Accueil"]), "programme.pdf"),
        "v1", date(2026, 5, 1), public=True)
    db.session.commit()
    return {"kit": kit, "matrix": matrix, "programme": programme}


def uploads_file(data, name):
    from werkzeug.datastructures import FileStorage
    return FileStorage(io.BytesIO(data), filename=name)


def library_url(territory, path=""):
    return f"/t/{territory.slug}/gestion/ressources{path}"


def test_admin_publishes_a_resource_then_a_new_version_and_both_stay(client, admin, login, db,
                                                                     territory, agent):
    login(client, admin)
    assert new_resource(client).status_code == 302
    resource = db.session.query(Resource).one()
    assert resource.phase == "summit" and resource.current.label == "v1"
    added = client.post(f"/admin/ressources/{resource.id}/versions", data={
        "version_label": "v2", "version_date": "2026-10-15", "note": "Restitution revue",
        "file": odt_file(title="Kit v2")}, content_type="multipart/form-data")
    assert added.status_code == 302
    page = text_of(client.get(f"/admin/ressources/{resource.id}"))
    assert "v2" in page and "v1" in page and "15 octobre 2026" in page
    db.session.expire_all()
    resource = db.session.get(Resource, resource.id)
    assert [v.label for v in resource.versions] == ["v2", "v1"]
    same = client.post(f"/admin/ressources/{resource.id}/versions", data={
        "version_label": "v2", "version_date": "2026-10-16", "file": odt_file()},
        content_type="multipart/form-data")
    assert same.status_code == 400 and "déjà une version « v2 »" in text_of(same)

    login(client, agent)
    current = client.get(library_url(territory, f"/{resource.id}"))
    assert current.status_code == 200 and current.mimetype == ODT_MIME
    assert b"Kit v2" in zipfile.ZipFile(io.BytesIO(current.data)).read("content.xml")
    assert current.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in current.headers["Content-Disposition"]
    old = resource.versions[1]
    previous = client.get(library_url(territory, f"/{resource.id}/versions/{old.id}"))
    assert previous.status_code == 200
    assert b"Kit d'animation" in zipfile.ZipFile(io.BytesIO(previous.data)).read("content.xml")


@pytest.mark.parametrize("content, name, message", [
    (b"MZ\x90\x00 un programme", "kit.odt", "n'est pas un PDF, ODT, ODS, ODP, DOCX, XLSX, CSV"),
    (office_zip({"content.xml": "<x/>"}), "kit.odt", "contenu vérifié"),
    (office_zip({"mimetype": "application/x-autre"}), "kit.odt", "contenu vérifié"),
    (b"nom;valeur\x00\r\n", "matrice.csv", "contenu vérifié"),
    (b"", "vide.odt", "contenu vérifié"),
])
def test_a_file_is_checked_by_its_content(client, admin, login, db, content, name, message):
    login(client, admin)
    response = new_resource(client, file=(io.BytesIO(content), name))
    assert response.status_code == 400
    page = text_of(response)
    assert message in page and 'id="file-erreur"' in page
    assert "Kit d'animation des ateliers" in page  # the input is kept
    assert db.session.query(Resource).count() == 0 and db.session.query(Upload).count() == 0


def test_a_file_over_the_size_limit_is_refused_in_french(make_app, admin, login, db):
    small = make_app(MAX_UPLOAD_BYTES=2048)
    client = small.test_client()
    login(client, admin)
    big = samples.csv(["Étape", "Texte"], [("Décision", "x" * 100)] * 40)
    response = new_resource(client, file=(io.BytesIO(big), "matrice.csv"))
    assert response.status_code == 400
    assert "dépasse la taille maximale" in text_of(response)
    with small.app_context():
        assert db.session.query(Resource).count() == 0


def test_office_documents_and_csv_are_recognised_by_content():
    docx = office_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
    xlsx = office_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"})
    csv = samples.csv(["Étape", "Acteurs"], [("Décision", "Conseil")])
    kinds = uploads.DOCUMENTS
    assert uploads.sniff_content(samples.odt("T", ["p"]), kinds) == "odt"
    assert uploads.sniff_content(docx, kinds) == "docx"
    assert uploads.sniff_content(xlsx, kinds) == "xlsx"
    assert uploads.sniff_content(csv, kinds) == "csv"
    assert uploads.sniff_content(samples.pdf("T", ["l"]), kinds) == "pdf"
    # The default kinds (documents, photos) still take no office file nor CSV.
    assert uploads.sniff_content(docx, ("pdf", "jpeg", "png")) is None
    assert uploads.sniff_content(csv, ("pdf", "jpeg", "png")) is None


def test_only_the_network_admin_manages_the_library(client, login, agent, elu, library):
    kit = library["kit"]
    for person in (agent, elu):
        login(client, person)
        assert client.get("/admin/ressources").status_code == 403
        assert new_resource(client).status_code == 403
        assert client.post(f"/admin/ressources/{kit.id}", data={
            "title": "Piraté", "phase": "summit", "kind": "fiche"}).status_code == 403
        assert client.get(f"/admin/ressources/{kit.id}/versions/{kit.versions[0].id}"
                          ).status_code == 403


@pytest.mark.parametrize("role", ["agent", "elu", "steering", "facilitator", "evaluation"])
def test_the_territory_team_downloads(client, login, make_user, territory, library, role):
    person = make_user(roles=(role,), territory=territory)
    login(client, person)
    page = text_of(client.get(library_url(territory)))
    assert "Kit d'animation des ateliers" in page and "Matrice du schéma" in page
    assert "version v2" in page and "Versions précédentes" in page
    kit = library["kit"]
    assert client.get(library_url(territory, f"/{kit.id}")).status_code == 200
    assert "Ressources du programme" in text_of(client.get(f"/t/{territory.slug}/gestion/"))


def test_others_do_not_see_the_library(app, client, login, citizen, other_agent, territory,
                                       library):
    anonymous_client = app.test_client()
    kit, programme = library["kit"], library["programme"]
    for person in (citizen, other_agent):
        login(client, person)
        assert client.get(library_url(territory)).status_code == 404
        assert client.get(library_url(territory, f"/{kit.id}")).status_code == 404
        assert client.get(f"/ressources/{kit.id}").status_code == 404  # not public
        assert client.get(f"/ressources/{programme.id}").status_code == 200
    signed_out = anonymous_client.get(library_url(territory, f"/{kit.id}"))
    assert signed_out.status_code == 302 and "/compte/connexion" in signed_out.location
    public = anonymous_client.get(f"/ressources/{programme.id}")
    assert public.status_code == 200 and public.data.startswith(b"%PDF-")
    assert anonymous_client.get(f"/ressources/{kit.id}").status_code == 404


def test_a_version_of_another_resource_is_not_found(client, login, agent, territory, library):
    login(client, agent)
    kit, matrix = library["kit"], library["matrix"]
    other = matrix.versions[0].id
    assert client.get(library_url(territory, f"/{kit.id}/versions/{other}")).status_code == 404


def test_archived_resources_are_withdrawn(client, login, admin, agent, territory, library, db):
    kit = library["kit"]
    login(client, admin)
    saved = client.post(f"/admin/ressources/{kit.id}", data={
        "title": kit.title, "description": kit.description, "phase": "summit",
        "kind": "kit-animation", "archived": "y"})
    assert saved.status_code == 302
    login(client, agent)
    assert "Kit d'animation" not in text_of(client.get(library_url(territory)))
    assert client.get(library_url(territory, f"/{kit.id}")).status_code == 404


def test_each_phase_page_shows_its_resources(client, login, agent, territory, library):
    login(client, agent)
    inventory = text_of(client.get(f"/t/{territory.slug}/gestion/tableau-de-bord/diagnostic"))
    assert "Matrice du schéma de gouvernance" in inventory
    assert "Kit d'animation" not in inventory
    plan = text_of(client.get(f"/t/{territory.slug}/gestion/tableau-de-bord/plan"))
    assert "Kit d'animation des ateliers" in plan and "Programme type du sommet" in plan
    assert "Matrice du schéma" not in plan
    consultations = text_of(client.get(f"/t/{territory.slug}/gestion/consultations/"))
    assert "Kit d'animation des ateliers" in consultations


def test_the_demo_holds_resources_for_every_phase(app, db):
    from thc_participation.demo import load_demo

    load_demo()
    db.session.commit()
    resources = db.session.query(Resource).all()
    assert {r.phase.value for r in resources} == {
        "engagement", "diagnostic", "summit", "implementation", "evaluation"}
    titles = {r.title for r in resources}
    assert {"Matrice de modélisation du schéma de gouvernance", "Kit d'animation des ateliers",
            "Modèle de rapport « Diagnostic Démocratique »", "Cahier des charges de la "
            "consultation", "Modèle de plan d'action", "Programme type du sommet citoyen"} <= titles
    folder = Path(app.config["UPLOAD_DIR"])
    for version in db.session.query(ResourceVersion):
        data = (folder / version.upload.stored_name).read_bytes()
        assert uploads.sniff_content(data, uploads.DOCUMENTS) == version.upload.kind
    kept = [r for r in resources if len(r.versions) == 2]
    assert len(kept) == 1 and kept[0].current.label == "v2"
