"""What concerns each person, told in the product (the notification centre, with the unread
count on every page) and by e-mail sent in the background, as each person prefers. Other
apps call `notifications.services.notify(...)`; this app imports none of them."""
