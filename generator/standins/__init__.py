"""Local stand-ins for the services closeloop talks to, for tests, benchmarks and the embedded main job."""
