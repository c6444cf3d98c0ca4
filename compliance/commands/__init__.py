"""One module per command: parse nothing, call the pieces, print."""
