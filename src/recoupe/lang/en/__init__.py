"""Language resource folder (data files read by recoupe.lang)."""
