//! The tables behind the pictures, and the comparison with a proposed map.

use super::*;

pub(super) fn teams_table(out: &mut String, m: &Metrics) {
    section_start(out, "teams", "Least separable teams");
    if m.teams.is_empty() {
        out.push_str("<p class=\"note\">No team had a change in this window.</p>\n</section>\n");
        return;
    }
    let rows = least_separable(m);
    out.push_str(
        "<table>\n<thead><tr><th>team</th><th class=\"n\">changes</th>\
         <th class=\"n\">separability</th><th class=\"n\">cross-team changes</th>\
         <th class=\"n\">leader focus</th><th class=\"n\">cohesion</th></tr></thead>\n<tbody>\n",
    );
    for t in rows.iter().take(MAX_ROWS) {
        let low = t.separability.is_some_and(|s| s < LOW_SEPARABILITY);
        let sep = match t.separability {
            Some(_) => percent(t.separability),
            None => "<span title=\"not enough history\">— not enough history</span>".to_string(),
        };
        let people = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |_| percent(x));
        let _ = writeln!(
            out,
            "<tr{}><td>{}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            if low { " class=\"low\"" } else { "" },
            escape(&t.name),
            count(t.revs),
            if low { " bad" } else { "" },
            sep,
            count(t.cross_team),
            people(t.people.leader_focus),
            people(t.people.cohesion)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    more(out, rows.len(), MAX_ROWS);
    out.push_str("</section>\n");
}

pub(super) fn team_pairs_table(out: &mut String, doc: &AuditReport<'_>) {
    let pairs = coupled_team_pairs(doc.metrics);
    if pairs.is_empty() {
        return;
    }
    section_start(out, "team-pairs", "Coupled team pairs");
    out.push_str(
        "<table>\n<thead><tr><th>team a</th><th>team b</th><th class=\"n\">shared</th>\
         <th class=\"n\">degree</th><th class=\"n\">confidence a→b / b→a</th><th>declared</th>\
         <th>recent commits</th></tr></thead>\n<tbody>\n",
    );
    for p in pairs.iter().take(MAX_ROWS) {
        let flagged = doc.undeclared(p);
        let degree = if p.scored {
            format!("{:.2}", p.degree)
        } else {
            "<span title=\"not enough history\">—</span>".to_string()
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td>\
             <td class=\"n\">{:.2} / {:.2}</td><td>{}</td><td>{}</td></tr>",
            escape(&p.a),
            escape(&p.b),
            count(p.shared),
            if flagged { " bad" } else { "" },
            degree,
            p.confidence_ab,
            p.confidence_ba,
            if p.declared { "✓ declared" } else { "✗" },
            commits(&p.commits)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    more(out, pairs.len(), MAX_ROWS);
    out.push_str("</section>\n");
}

pub(super) fn file_pairs_table(out: &mut String, m: &Metrics) {
    section_start(out, "file-pairs", "Top cross-team file pairs");
    let pairs = cross_team_file_pairs(m);
    if pairs.is_empty() {
        out.push_str(
            "<p class=\"note\">No pair of files owned by different teams changed together often \
             enough to report.</p>\n</section>\n",
        );
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th>file a</th><th>file b</th><th>teams</th><th class=\"n\">shared</th>\
         <th class=\"n\">degree</th><th class=\"n\">confidence a→b / b→a</th>\
         <th>recent commits</th></tr></thead>\n<tbody>\n",
    );
    for p in pairs.iter().take(MAX_ROWS) {
        let team = |t: &Option<String>| match t {
            Some(t) => escape(t),
            None => "<i>unowned</i>".to_string(),
        };
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{} ↔ {}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{:.2}</td><td class=\"n\">{:.2} / {:.2}</td>\
             <td>{}</td></tr>",
            escape(&p.a),
            escape(&p.b),
            team(&p.a_team),
            team(&p.b_team),
            count(p.shared),
            p.degree,
            p.confidence_ab,
            p.confidence_ba,
            commits(&p.commits)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    more(out, pairs.len(), MAX_ROWS);
    out.push_str("</section>\n");
}

pub(super) fn findings_table(out: &mut String, doc: &AuditReport<'_>) {
    section_start(out, "findings", "Findings");
    if doc.findings.is_empty() {
        out.push_str("<p class=\"note\">No findings.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th>severity</th><th>rule</th><th>finding</th></tr></thead>\n<tbody>\n",
    );
    for f in doc.findings.iter().take(MAX_FINDINGS) {
        let class = match f.severity {
            Severity::Error => "error",
            _ => "warning",
        };
        let mut message = escape(&f.message);
        if let Some(p) = &f.path {
            let _ = write!(message, " <code>{}</code>", escape(p));
        }
        if let Some(h) = &f.help {
            let _ = write!(
                message,
                "<br><span class=\"help\">help: {}</span>",
                escape(h)
            );
        }
        let _ = writeln!(
            out,
            "<tr><td><span class=\"sev {class}\">{}</span></td><td><code>{}</code></td><td>{}</td></tr>",
            f.severity,
            escape(f.rule.name()),
            message
        );
    }
    out.push_str("</tbody>\n</table>\n");
    more(out, doc.findings.len(), MAX_FINDINGS);
    out.push_str("</section>\n");
}

pub(super) fn compare_tables(out: &mut String, today: &Metrics, proposed: &Metrics, label: &str) {
    section_start(out, "compare", "Proposed ownership");
    let _ = writeln!(
        out,
        "<p class=\"note\">The same history under <code>{}</code>. Separability up and \
         coupling down are improvements.</p>",
        escape(label)
    );
    out.push_str(
        "<h3>Separability</h3>\n<table>\n<thead><tr><th>team</th><th class=\"n\">today</th>\
         <th class=\"n\">proposed</th><th class=\"n\">Δ</th></tr></thead>\n<tbody>\n",
    );
    let _ = writeln!(
        out,
        "<tr><td><strong>repository</strong></td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
         <td class=\"n\">{}</td></tr>",
        percent(today.separability),
        percent(proposed.separability),
        delta_pp(today.separability, proposed.separability)
    );
    let no_team = "<span class=\"note\">no such team</span>";
    for t in team_deltas(today, proposed) {
        let cell = |x: Option<Option<f64>>| x.map_or(no_team.to_string(), percent);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(t.name),
            cell(t.today),
            cell(t.proposed),
            delta_pp(t.today.flatten(), t.proposed.flatten())
        );
    }
    out.push_str("</tbody>\n</table>\n");

    out.push_str("<h3>Team pair coupling</h3>\n");
    let rows = pair_deltas(today, proposed);
    if rows.is_empty() {
        out.push_str("<p class=\"note\">No two teams share a change under either map.</p>\n");
    } else {
        out.push_str(
            "<table>\n<thead><tr><th>team a</th><th>team b</th><th class=\"n\">degree today</th>\
             <th class=\"n\">proposed</th><th class=\"n\">Δ</th></tr></thead>\n<tbody>\n",
        );
        for r in rows.iter().take(MAX_ROWS) {
            let cell = |x: Option<f64>| x.map_or(no_team.to_string(), |d| format!("{d:.2}"));
            let delta = match (r.today, r.proposed) {
                (Some(b), Some(a)) => delta_degree(b, a),
                _ => "—".to_string(),
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td></tr>",
                escape(r.a),
                escape(r.b),
                cell(r.today),
                cell(r.proposed),
                delta
            );
        }
        out.push_str("</tbody>\n</table>\n");
        more(out, rows.len(), MAX_ROWS);
    }
    out.push_str("</section>\n");
}
