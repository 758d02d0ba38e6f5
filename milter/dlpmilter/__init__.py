"""dlpmilter: outbound e-mail DLP gateway."""
