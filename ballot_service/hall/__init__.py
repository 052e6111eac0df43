"""The meeting hall: HTTPS on the local network (local certificate authority, server
certificate, TLS listener and the plain-HTTP set-up listener) and the devices' clock reports.

certs.py is pure (cryptography's x509 only, the time passed in); addresses.py reads the
network interfaces; store.py keeps the keys under keys/tls/; server.py serves the app.
"""
