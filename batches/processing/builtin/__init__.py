"""The offline ``builtin`` extraction: readers (bytes → text and tables) and a label/layout engine."""
