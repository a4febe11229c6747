// layout engine
