"""`ballot-trustee`: a committee member's console client for the key ceremony and the decryption.

It runs on the member's own computer, on the pure packages (crypto, ledger) and the standard
library, and talks to the service's JSON API with the member's own login: the service never sees
the member's secrets, exactly as with the browser pages.
"""
