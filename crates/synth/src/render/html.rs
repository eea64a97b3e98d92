//! ModernGov-style HTML: the real `mg*` DOM of a ModernGov meeting page,
//! written as valid, accessible HTML5 (one `h1`, `lang`, table caption and
//! header scopes, lists as lists). The web site reuses it to show a meeting.

use std::fmt::Write;

use minutebook_record::{Item, Meeting};

use super::{Line, Style, blocks, meeting_date, meeting_time, page_title};
use crate::util::{fmt_date, fmt_time, slugify};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The page for `m` (already the format's view).
pub(crate) fn render(m: &Meeting, style: &Style) -> String {
    let committee = m.committee.as_deref().unwrap_or_default();
    let date = fmt_date(meeting_date(m), style.date_style);
    let when = match meeting_time(m) {
        Some(t) => format!("{date} {}", fmt_time(t, style.time_style)),
        None => date,
    };
    let council = m.authority.as_deref().unwrap_or("Council");
    let mut h = String::with_capacity(16 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} - {} - {}</title>\n</head>\n<body>\n\
         <header class=\"mgSiteHeader\"><p class=\"mgSiteName\">{}</p></header>\n\
         <main id=\"modgov\">\n<div class=\"mgHeader\"><h1 class=\"mgMainTitleTxt\">{}</h1></div>\n\
         <div class=\"mgSubTitle\"><h2 class=\"mgSubTitleTxt\">{} - {}</h2></div>\n<div class=\"mgContent\">\n",
        escape(committee),
        escape(&when),
        escape(council),
        escape(council),
        page_title(m),
        escape(committee),
        escape(&when),
    );
    if let Some(venue) = &m.venue {
        let _ = writeln!(
            h,
            "<p><span class=\"mgLabel\">Venue: </span>{}</p>",
            escape(venue)
        );
    }
    if let Some(contact) = &m.contact {
        let _ = writeln!(
            h,
            "<p><span class=\"mgLabel\">Contact: </span>{}</p>",
            escape(contact)
        );
    }
    h.push_str(
        "<table class=\"mgItemTable\" id=\"mgItemTable\">\n<caption class=\"mgSectionTitle\">Items</caption>\n\
         <thead><tr><th class=\"mgHide\" abbr=\"No\" scope=\"col\">No.</th>\
         <th class=\"mgHide\" abbr=\"Item\" scope=\"col\">Item</th></tr></thead>\n<tbody>\n",
    );
    for item in &m.items {
        item_row(&mut h, item, style);
    }
    h.push_str("</tbody>\n</table>\n</div>\n</main>\n</body>\n</html>\n");
    h
}

fn item_row(h: &mut String, item: &Item, style: &Style) {
    let number = item.number.as_deref().unwrap_or_default();
    let _ = write!(
        h,
        "<tr id=\"item-{}\">\n<td class=\"mgItemNumberCell\"><p class=\"mgAiTitleTxt\">{}.</p></td>\n<td>\n",
        escape(&slugify(number)),
        escape(number)
    );
    let title = escape(&item.title);
    match item.documents.first() {
        Some(doc) => {
            let href = format!("documents/{}.pdf", slugify(&item.title));
            let _ = writeln!(
                h,
                "<h3 class=\"mgAiTitleTxt\"><a class=\"mgAiTitleLnk\" href=\"{}\">{title} \
                 <span class=\"mgFileSize\"><img src=\"mgimages/logo-pdf-1.gif\" width=\"12\" height=\"12\" alt=\"pdf icon\"> PDF {} KB</span></a></h3>",
                escape(&href),
                doc.size_kb.unwrap_or(0)
            );
        }
        None => {
            let _ = writeln!(h, "<h3 class=\"mgAiTitleTxt\">{title}</h3>");
        }
    }
    if let Some(agenda) = &item.agenda_text {
        let _ = writeln!(
            h,
            "<div class=\"mgWordPara\"><p>{}</p></div>",
            escape(agenda)
        );
    }
    h.push_str("<p class=\"mgSubItemTitleTxt\">Minutes:</p>\n<div class=\"mgWordPara\">\n");
    minutes(h, item, style);
    h.push_str("</div>\n</td>\n</tr>\n");
}

/// Paragraphs as `p`, bullets as nested `ul`; a truncated item ends with
/// ModernGov's link to the full text.
fn minutes(h: &mut String, item: &Item, _style: &Style) {
    let text = item.minutes_text.as_deref().unwrap_or_default();
    let all = blocks(text);
    let last_block = all.len().saturating_sub(1);
    for (b, block) in all.iter().enumerate() {
        let bullets = block.iter().all(|l| matches!(l, Line::Bullet { .. }));
        if bullets {
            bullet_list(h, block);
        } else {
            for line in block {
                let t = match line {
                    Line::Para(t) => t.to_string(),
                    Line::Bullet { text, .. } => format!("- {text}"),
                };
                let _ = writeln!(h, "<p>{}</p>", escape(&t));
            }
        }
        if b == last_block && item.minutes_truncated {
            let number = item.number.as_deref().unwrap_or_default();
            let _ = writeln!(
                h,
                "<p class=\"mgMoreLink\">\u{a0}...\u{a0} <a href=\"#item-{}\">view the full minutes text for item {}.</a></p>",
                escape(&slugify(number)),
                escape(number)
            );
        }
    }
}

fn bullet_list(h: &mut String, block: &[Line<'_>]) {
    h.push_str("<ul class=\"mgBulletList\">");
    let mut in_nested = false;
    for (i, line) in block.iter().enumerate() {
        let Line::Bullet { text, nested } = line else {
            continue;
        };
        match (nested, in_nested, i) {
            (true, false, _) => {
                h.push_str("<ul>");
                in_nested = true;
            }
            (_, _, 0) => {}
            _ => h.push_str("</li>"),
        }
        let _ = write!(h, "<li>{}", escape(text));
    }
    if in_nested {
        h.push_str("</li></ul>");
    }
    h.push_str("</li></ul>\n");
}
