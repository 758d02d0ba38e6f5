"""The secure pickup portal: where mail the policy keeps off the open Internet is collected.

Mail for ``portal_address`` (the ``portal`` action, the ``encrypt`` fallback) and the enforced-TLS
transport's fallback arrive at the SMTP intake (:mod:`.intake`), are encrypted into the store
(:mod:`.store`), and each recipient is mailed a pickup link (:mod:`.courier`). The web app
(:mod:`.web`) asks for a one-time code mailed to the same address, then shows the message as
text with its attachments as downloads. ``dlpmilter portal serve`` runs both (:mod:`.server`).
"""
