"""The programme's resources library: Démocratie Ouverte's templates and kits per phase
(diagnostic sheets, the governance-schema matrix, report, summit programme and workshop kit
templates, the consultation specification, the action plan template...). The network admin
uploads them and their new versions at ``/admin/ressources``; each territory's management pages
show those of their phase, and the territory's team downloads them."""
