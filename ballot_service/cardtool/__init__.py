"""Ballot cards made away from the server: the card request and credentials files, the card
token's text form and the printable sheet, and the `ballot-cards` command. Pure: it imports the
crypto package and `qrcode`, never Flask, SQLAlchemy or the database (setup.cfg, import-linter)."""
