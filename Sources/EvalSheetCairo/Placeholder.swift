// cairo backend
