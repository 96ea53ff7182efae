"""The one place that speaks SQL (besides the report queries in reports/)."""
