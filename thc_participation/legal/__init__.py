"""Legal pages: legal notice, privacy notice, accessibility statement, processing register."""
