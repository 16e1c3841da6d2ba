mod close;
mod codes;
mod server;
mod store;

fn main() {}
