"""Services of the notifications module: ``notify`` (the one way to notify people),
``follows`` (follow and unfollow), ``inbox`` (reading, marking read, the e-mail choice) and
``emails`` (what is sent: one notification, the daily digest, the unsubscribe link)."""
