"""Qt table models over service DTOs (ids first, rows loaded lazily where lists are large)."""
