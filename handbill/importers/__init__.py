"""Importers: conference schedules (frab/pretalx/Indico schedule.xml and schedule.json, Sessionize) → content."""
