//! The renderers: each turns any [`super::document::Document`] into one format.

pub mod csv;
pub mod html;
pub mod text;
