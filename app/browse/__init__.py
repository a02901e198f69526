"""The catalog as one caller browses it: a page of products with the caller's prices, promotions and availability, loaded in a fixed number of queries; the product filter."""
