"""The load, network and crash rehearsals of issue 13: the real server, real ballots, real clients.

poll.py prepares a fresh database with an open poll and the ballots made beforehand; server.py
starts and stops the real server as `./scripts/run` does (or gunicorn workers on PostgreSQL);
clients.py casts like the tablets (retrying until a receipt is held) and samples the board;
proxy.py is a network that loses requests and responses; checks.py judges the outcome; run.py
puts them together for `./scripts/load` and the tests.
"""
