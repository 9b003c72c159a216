"""Publishing editions: the static site and drafts on WordPress sites."""
