"""Server-side carts per buyer user (or sales rep) and customer account, priced live; checkout and the buyer's order edit."""
