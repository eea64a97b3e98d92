//! From a parsed query ([`Node`]) to a tantivy query: glossary expansion,
//! analysis of words with the index's tokenizers, and the filters.

use crate::glossary::{Glossary, words};
use crate::index::{Fields, name_analyzer, text_analyzer, tokens};
use crate::query::{Node, TextField};
use std::collections::{HashMap, HashSet};
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query as TQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

/// Rewrites `node` so that glossary terms also find their expansions and
/// variants, and expansions their terms.
pub(crate) fn expand(node: Node, g: &Glossary) -> Node {
    match node {
        Node::Phrase {
            field: TextField::Body,
            text,
        } => {
            let ws = words(&text);
            match g.alternatives(&ws) {
                Some((n, alts)) if n == ws.len() && !alts.is_empty() => {
                    let mut any = vec![Node::Phrase {
                        field: TextField::Body,
                        text,
                    }];
                    any.extend(alts.into_iter().map(alternative));
                    Node::Or(any)
                }
                _ => Node::Phrase {
                    field: TextField::Body,
                    text,
                },
            }
        }
        w @ Node::Word { .. } => {
            let mut out = expand_run(vec![w], g);
            if out.len() == 1 {
                out.pop().unwrap_or(Node::And(Vec::new()))
            } else {
                Node::And(out)
            }
        }
        Node::And(children) => {
            let mut out = Vec::new();
            let mut run = Vec::new();
            for c in children {
                if is_bare_word(&c) {
                    run.push(c);
                } else {
                    out.extend(expand_run(std::mem::take(&mut run), g));
                    out.push(expand(c, g));
                }
            }
            out.extend(expand_run(run, g));
            Node::And(out)
        }
        Node::Or(children) => Node::Or(children.into_iter().map(|c| expand(c, g)).collect()),
        Node::Not(inner) => Node::Not(Box::new(expand(*inner, g))),
        other => other,
    }
}

fn alternative(text: &str) -> Node {
    Node::Phrase {
        field: TextField::Body,
        text: text.to_owned(),
    }
}

fn is_bare_word(n: &Node) -> bool {
    matches!(
        n,
        Node::Word {
            field: TextField::Body,
            prefix: false,
            ..
        }
    )
}

/// Expands glossary forms in a run of consecutive bare words: the words a
/// form covers become `(those words) OR alternative OR …`.
fn expand_run(run: Vec<Node>, g: &Glossary) -> Vec<Node> {
    let texts: Vec<String> = run
        .iter()
        .map(|n| match n {
            Node::Word { text, .. } => text.clone(),
            _ => String::new(),
        })
        .collect();
    // The run as one text, and which query word each glossary word is in.
    let mut joined = String::new();
    let mut bounds = Vec::new();
    for t in &texts {
        if !joined.is_empty() {
            joined.push(' ');
        }
        bounds.push((joined.len(), joined.len() + t.len()));
        joined.push_str(t);
    }
    let gw = words(&joined);
    let owner = |byte: usize| bounds.iter().position(|&(s, e)| byte >= s && byte <= e);
    let mut out = Vec::new();
    let mut next_word = 0; // first query word not yet emitted
    let mut i = 0;
    while i < gw.len() {
        let found = g.alternatives(&gw[i..]).and_then(|(n, alts)| {
            let (first, last) = (owner(gw[i].start)?, owner(gw[i + n - 1].end)?);
            let aligned = bounds[first].0 == gw[i].start && bounds[last].1 == gw[i + n - 1].end;
            (aligned && first >= next_word && !alts.is_empty()).then_some((n, first, last, alts))
        });
        let Some((n, first, last, alts)) = found else {
            i += 1;
            continue;
        };
        out.extend(run[next_word..first].iter().cloned());
        let covered: Vec<Node> = run[first..=last].to_vec();
        let mut any = vec![if covered.len() == 1 {
            covered.into_iter().next().unwrap_or(Node::And(Vec::new()))
        } else {
            Node::And(covered)
        }];
        any.extend(alts.into_iter().map(alternative));
        out.push(Node::Or(any));
        next_word = last + 1;
        i += n;
    }
    out.extend(run[next_word.min(run.len())..].iter().cloned());
    out
}

/// Committee and authority filter values resolved to identifiers.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    pub(crate) committees: HashMap<String, Vec<String>>,
    pub(crate) authorities: HashMap<String, Vec<String>>,
}

/// A compiled query and what its snippets should highlight.
pub(crate) struct Compiled {
    pub(crate) query: Box<dyn TQuery>,
    /// Whether it has any words or phrases (else it only filters).
    pub(crate) has_text: bool,
    /// Whether it is one word, or words all ANDed or all ORed, without
    /// filters: then tantivy finds the top hits without scoring every
    /// match (block-max WAND), and facets are best counted in a second,
    /// unscored pass. Anything else scores every match anyway, and one pass
    /// does both.
    pub(crate) prunable: bool,
    /// Analysed body terms to highlight.
    pub(crate) terms: HashSet<String>,
    /// Prefixes to highlight (lower-cased, unstemmed).
    pub(crate) prefixes: Vec<String>,
}

pub(crate) struct Compiler<'a> {
    fields: &'a Fields,
    resolved: &'a Resolved,
    text: TextAnalyzer,
    name: TextAnalyzer,
    terms: HashSet<String>,
    prefixes: Vec<String>,
    has_text: bool,
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(fields: &'a Fields, resolved: &'a Resolved) -> Self {
        Self {
            fields,
            resolved,
            text: text_analyzer(),
            name: name_analyzer(),
            terms: HashSet::new(),
            prefixes: Vec::new(),
            has_text: false,
        }
    }

    /// Compiles `node` (if any) and ANDs the `filters` and `extra` onto it;
    /// filters neither score nor highlight.
    pub(crate) fn compile(
        mut self,
        node: Option<&Node>,
        filters: &[Node],
        extra: Vec<Box<dyn TQuery>>,
    ) -> Compiled {
        let prunable =
            filters.is_empty() && extra.is_empty() && node.is_some_and(|n| self.flat_words(n));
        let text = node.map(|n| self.node(n, true));
        let has_text = self.has_text;
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        match text {
            Some(q) => clauses.push((Occur::Must, q)),
            None => clauses.push((Occur::Must, Box::new(AllQuery))),
        }
        let filters: Vec<Box<dyn TQuery>> = filters.iter().map(|f| self.node(f, false)).collect();
        for f in filters.into_iter().chain(extra) {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0))));
        }
        let query: Box<dyn TQuery> = if clauses.len() == 1 {
            clauses.pop().map_or(Box::new(EmptyQuery), |(_, q)| q)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        Compiled {
            query,
            has_text,
            prunable,
            terms: self.terms,
            prefixes: self.prefixes,
        }
    }

    /// See [`Compiled::prunable`].
    fn flat_words(&mut self, node: &Node) -> bool {
        let mut one_word = |n: &Node| match n {
            Node::Word {
                field,
                text,
                prefix: false,
            } => self.analyze(*field, text).len() == 1,
            _ => false,
        };
        match node {
            Node::And(children) | Node::Or(children) => children.iter().all(one_word),
            n => one_word(n),
        }
    }

    fn field(&self, f: TextField) -> Field {
        match f {
            TextField::Body => self.fields.body,
            TextField::Title => self.fields.title,
            TextField::Person => self.fields.person,
        }
    }

    fn analyze(&mut self, f: TextField, text: &str) -> Vec<String> {
        match f {
            TextField::Person => tokens(&mut self.name, text),
            _ => tokens(&mut self.text, text),
        }
    }

    /// `positive`: not under a NOT (only positive terms are highlighted).
    fn node(&mut self, node: &Node, positive: bool) -> Box<dyn TQuery> {
        match node {
            Node::Word {
                field,
                text,
                prefix: false,
            }
            | Node::Phrase { field, text } => {
                self.has_text = true;
                let toks = self.analyze(*field, text);
                if positive && *field == TextField::Body {
                    self.terms.extend(toks.iter().cloned());
                }
                self.words(self.field(*field), toks)
            }
            Node::Word {
                field,
                text,
                prefix: true,
            } => {
                self.has_text = true;
                self.prefix(*field, text, positive)
            }
            Node::Committee(c) => self.ids(self.fields.committee, self.resolved.committees.get(c)),
            Node::Authority(a) => self.ids(self.fields.authority, self.resolved.authorities.get(a)),
            Node::Kind(k) => term(self.fields.kind, k),
            Node::Type(t) => term(self.fields.doc_type, t.name()),
            Node::Not(inner) => {
                let q = self.node(inner, !positive);
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery) as Box<dyn TQuery>),
                    (Occur::MustNot, q),
                ]))
            }
            Node::And(children) => {
                let mut clauses = Vec::new();
                for c in children {
                    match c {
                        Node::Not(inner) => {
                            clauses.push((Occur::MustNot, self.node(inner, !positive)));
                        }
                        c => clauses.push((Occur::Must, self.node(c, positive))),
                    }
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Or(children) => Box::new(BooleanQuery::new(
                children
                    .iter()
                    .map(|c| (Occur::Should, self.node(c, positive)))
                    .collect(),
            )),
        }
    }

    fn words(&self, field: Field, toks: Vec<String>) -> Box<dyn TQuery> {
        let mut terms: Vec<Term> = toks
            .iter()
            .map(|t| Term::from_field_text(field, t))
            .collect();
        match terms.len() {
            0 => Box::new(AllQuery),
            1 => Box::new(TermQuery::new(
                terms.remove(0),
                IndexRecordOption::WithFreqs,
            )),
            _ => Box::new(PhraseQuery::new(terms)),
        }
    }

    /// A prefix (`assess*`): the terms that start with it (index terms are
    /// prefixes of the words they stand for, see [`crate::stem`]).
    fn prefix(&mut self, f: TextField, text: &str, positive: bool) -> Box<dyn TQuery> {
        let mut raw = tokens(&mut self.name, text);
        let Some(last) = raw.pop() else {
            return Box::new(AllQuery);
        };
        if positive && f == TextField::Body {
            self.prefixes.push(last.clone());
        }
        let field = self.field(f);
        // Earlier words are whole words, analysed as the index analyses them.
        let mut terms: Vec<Term> = raw
            .iter()
            .flat_map(|w| tokens(&mut self.text, w))
            .map(|t| Term::from_field_text(field, &t))
            .collect();
        terms.push(Term::from_field_text(field, &last));
        let mut q = PhrasePrefixQuery::new(terms);
        q.set_max_expansions(200);
        Box::new(q)
    }

    fn ids(&self, field: Field, ids: Option<&Vec<String>>) -> Box<dyn TQuery> {
        match ids {
            Some(ids) if !ids.is_empty() => Box::new(TermSetQuery::new(
                ids.iter().map(|id| Term::from_field_text(field, id)),
            )),
            _ => Box::new(EmptyQuery),
        }
    }
}

pub(crate) fn term(field: Field, value: &str) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}
