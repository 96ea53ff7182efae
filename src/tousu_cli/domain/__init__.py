"""The pure core: values and rules, no I/O. Everything it needs is an argument."""
