"""One module per screen; each is thin: it shows the journey and calls the controller."""
