"""Build ``thc_participation/accounts/common_passwords.txt``, the list of common passwords
refused at sign-up (ANSSI/CNIL guidance: refuse passwords found in lists of common ones).

Built from patterns, no download: the words people use most (French and English), keyboard
walks, first names, clubs and places, and two-word combinations of the most common ones.
The check (``accounts.passwords``) lowercases the password, undoes common "leet"
substitutions and strips leading/trailing digits and symbols before looking it up, so
``Motdepasse2024!`` matches ``motdepasse``. Run: ``python scripts/build_common_passwords.py``.
"""

from itertools import product
from pathlib import Path

TOP = """password motdepasse azerty qwerty soleil bonjour doudou loulou chouchou nicolas
marseille iloveyou jetaime amour admin welcome bienvenue secret monkey dragon football
princesse coucou chocolat bebe papa maman famille france paris toulouse lyon nantes
superman batman master letmein sunshine shadow freedom trustno1 love hello baseball
passw0rd pass mdp utilisateur user root test demo login access abc azertyuiop qwertyuiop
motdepasse1 pompier camille thomas julien sophie""".split()

MORE = """lille bordeaux nice rennes strasbourg montpellier reims toulon grenoble dijon angers
nimes brest tours limoges amiens perpignan metz besancon orleans rouen caen nancy
mulhouse psg om olympique allezlesbleus lesbleus liberte egalite fraternite marianne
republique mairie commune citoyen democratie participation territoire habitant
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
lundi mardi mercredi jeudi vendredi samedi dimanche printemps ete automne hiver
chat chien lapin cheval tigre lion loup ours souris poisson oiseau dauphin panda
rouge bleu vert jaune noir blanc rose violet orange marron gris
pierre paul jacques marie jean louis michel philippe alain patrick nathalie isabelle
catherine sylvie christine sandrine valerie stephanie celine aurelie julie sarah laura
emma lea chloe manon ines jade louise alice lucas hugo leo gabriel raphael arthur
nathan enzo louis maxime antoine alexandre kevin anthony romain quentin clement
mathieu vincent sebastien guillaume olivier frederic laurent christophe david eric
michael jennifer jessica ashley daniel andrew joshua matthew charlie robert jordan
ninja mustang harley ranger hunter buster soccer hockey killer george pepper ginger
summer winter spring autumn flower angel angels lovely beautiful cookie cheese
computer internet orange free sfr bouygues wanadoo laposte gmail hotmail yahoo
starwars pokemon naruto minecraft fortnite playstation xbox nintendo zelda mario
arsenal chelsea liverpool barcelona realmadrid juventus manchester
bisous bisou calin cherie cheri mamour moncoeur coeur trésor tresor ange
jesus dieu allah marie vierge god
azerty123 qwerty123 aqwzsx azqswx wxcvbn poiuytreza mlkjhgfdsq ytreza
abcdef abcdefgh abcdefghijkl 123456 1234567 12345678 123456789 1234567890
0123456789 987654321 111111 000000 121212 123123 112233 654321 696969
changeme changezmoi nouveau nouveaumotdepasse temporaire provisoire
bonjour123 salut coucoutoi bonsoir merci pardon oui non""".split()

SUFFIXES = ["", "1", "12", "123", "1234", "12345", "!", "!!", "01", "007", "69", "2000",
            "2020", "2023", "2024", "2025", "2026", "2027"]


def build():
    words = sorted(set(w.lower() for w in TOP + MORE))
    entries = set(words)
    top = sorted(set(w.lower() for w in TOP))
    for first, second in product(top, top):
        if first != second:
            entries.add(first + second)
    for word, suffix in product(top, SUFFIXES):
        entries.add(word + suffix)
    return sorted(entries)


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "thc_participation/accounts/common_passwords.txt"
    lines = build()
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} entries written to {target}")
