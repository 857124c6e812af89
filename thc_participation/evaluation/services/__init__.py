"""Every rule and every write of the draws module, by topic; callers import the topic.

- ``pools``: pools, volunteer sign-up, CSV imports (confirmed by an agent), people, purge;
- ``draws``: draws, their settings and quotas, freeze, public randomness, the draw itself;
- ``seats``: the drawn people's answers and their substitutes;
- ``bundles``: what is published: verification bundle, transparency report, receipt check.

Services flush, never commit: the request, the CLI command or the demo commits once.
"""
