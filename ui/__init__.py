"""Kabar's Qt layer: widgets, models and the threads that call the core in `reader`."""
