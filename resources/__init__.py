"""Kabar's data files (icons, styles, translations, default sources), read with importlib.resources."""
