//! Signing in: passwords, session tokens and the brake on guessing.

pub mod limiter;
pub mod password;
pub mod token;

pub use limiter::LoginLimiter;
pub use token::SessionToken;
