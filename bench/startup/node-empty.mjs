// Node's own start-up: the reference the library start-ups are compared with.
