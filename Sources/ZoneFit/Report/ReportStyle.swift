/// The report's stylesheet: CJK font stack first; in print sections flow on
/// (no page holding only a table's last rows), a heading stays with what
/// follows it, figures and rows are not split and table headers repeat on
/// every page.
public enum ReportStyle {
    public static let fontStack =
        "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif"

    public static let css = """
        @page { size: A4; margin: 14mm 12mm; }
        html { font-family: \(fontStack); color: #1a1a1a; background: #ffffff; }
        body { margin: 0 auto; max-width: 960px; padding: 16px 20px 40px; line-height: 1.55; font-size: 14px; }
        header.cover { border-bottom: 3px solid #0072B2; margin-bottom: 12px; }
        h1 { font-size: 26px; margin: 8px 0 4px; }
        h2 { font-size: 21px; border-left: 6px solid #0072B2; padding-left: 10px; margin: 28px 0 10px; }
        h3 { font-size: 16px; margin: 18px 0 6px; }
        p.subtitle { color: #555555; margin: 0 0 10px; }
        nav.contents ol { columns: 2; margin: 4px 0 12px; padding-left: 22px; }
        nav.contents a { color: #0b5394; text-decoration: none; }
        div.note { background: #fff4d6; border: 1px solid #E69F00; padding: 8px 12px; margin: 10px 0; }
        dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px; margin: 10px 0; }
        dl.figures div { border: 1px solid #d0d7de; border-radius: 4px; padding: 6px 10px; break-inside: avoid; }
        dl.figures dt { color: #555555; font-size: 12px; }
        dl.figures dd { margin: 0; font-size: 20px; font-weight: bold; }
        table { border-collapse: collapse; margin: 8px 0 14px; font-size: 12.5px; width: 100%; }
        th, td { border: 1px solid #c8ced6; padding: 3px 6px; vertical-align: top; }
        th { background: #eef2f6; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        figure { margin: 8px 0 16px; break-inside: avoid; }
        figure > svg { max-width: 100%; height: auto; border: 1px solid #e0e0e0; }
        figcaption { color: #444444; font-size: 13px; margin-top: 4px; }
        section.unit figure > svg { max-width: 620px; }
        thead { display: table-header-group; }
        h2, h3 { break-after: avoid; page-break-after: avoid; }
        @media print {
          body { max-width: none; padding: 0; font-size: 12px; }
          nav.contents ol { columns: 3; font-size: 11px; line-height: 1.35; }
          table { font-size: 11px; }
          th, td { padding: 2px 5px; }
          /* No forced break: a section starts under the last one's tail, never after a page of three rows. */
          section { border-top: 1px solid #c8ced6; }
          section.unit figure > svg { max-width: 480px; }
        }
        """
}
