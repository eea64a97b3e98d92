//! About and help: what the site is, how to read a meeting page, the
//! addresses, feeds and API, and the accessibility statement.

use super::{Layout, home_crumb};
use askama::Template;
use askama_web::WebTemplate;

/// The about page.
#[derive(Template, WebTemplate)]
#[template(path = "about.html")]
pub struct AboutPage {
    layout: Layout,
}

/// `GET /about`.
pub async fn show() -> AboutPage {
    AboutPage {
        layout: Layout::new("About and help", vec![home_crumb()]),
    }
}
