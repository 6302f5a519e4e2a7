//! The headless commands. (On this branch only `check`; the full command
//! line lives on main.)
pub mod check;
