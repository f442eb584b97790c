"""Kabar's data files (icons, styles, translations, default sources).

Read with importlib.resources, so they are found frozen and unfrozen alike.
"""
