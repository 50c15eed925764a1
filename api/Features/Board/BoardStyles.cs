namespace MaShangYi.Api.Features.Board;

/// <summary>
/// The board's only stylesheet, inline so the page is one request. Phone first (one column, large type for elderly
/// readers), cards flow into columns on wide screens, <c>html.tv</c> scales every rem up for the room's television,
/// and print is black on white with each section on its own page.
/// </summary>
internal static class BoardStyles
{
    public const string Css = """
        *{box-sizing:border-box}
        html{font-size:18px;-webkit-text-size-adjust:100%}
        body{margin:0;font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;line-height:1.6;color:#1a1a1a;background:#f4f1ea}
        header{background:#9e1b1b;color:#fff;padding:1rem}
        header h1{margin:.2rem 0;font-size:1.6rem;line-height:1.3}
        .kind{font-size:.95rem;letter-spacing:.2em;opacity:.9}
        .path,.addr,.stamp{margin:.2rem 0;font-size:.9rem}
        .hint{margin:.8rem 0 0;padding:.7rem .9rem;background:#fff;color:#1a1a1a;border-radius:.4rem;font-size:1.05rem;font-weight:bold}
        .notice{margin:.8rem 0 0;padding:.6rem .8rem;background:#fff3cd;color:#5c3c00;border-left:.3rem solid #b8860b;font-weight:bold}
        main{padding:.5rem 1rem 1rem;max-width:120rem;margin:0 auto}
        .totals{margin:.6rem 0;font-size:.95rem}
        section{margin:1.2rem 0}
        h2{font-size:1.3rem;margin:0 0 .5rem;padding-bottom:.2rem;border-bottom:.15rem solid #9e1b1b}
        ol{list-style:none;margin:0;padding:0;display:grid;gap:.7rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,24rem),1fr))}
        li{background:#fff;border-radius:.4rem;padding:.7rem .9rem;border:1px solid #ddd}
        h3{font-size:1.1rem;margin:0 0 .3rem;line-height:1.4;overflow-wrap:anywhere}
        .meta{margin:0;font-size:.9rem;color:#444}
        .meta span{display:inline-block;margin-right:.8rem}
        .text{margin:.4rem 0 0;white-space:pre-line;overflow-wrap:anywhere}
        .photos{margin:.4rem 0 0;display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}.photos img{object-fit:cover;border-radius:4px}
        .status{font-weight:bold;color:#9e1b1b}
        .room a{color:inherit}
        progress{width:100%;height:.8rem;accent-color:#2e7d32}
        .late{font-weight:bold;color:#b00020}
        .done{font-weight:bold;color:#2e7d32}
        .empty{color:#555}
        .explain{color:#333;margin:.2rem 0 .6rem}
        footer{padding:1rem;font-size:.85rem;color:#555;text-align:center}
        .tv{font-size:clamp(22px,1.5vw,44px)}
        .tv main{max-width:none}
        .tv ol{grid-template-columns:repeat(auto-fill,minmax(min(100%,26rem),1fr))}
        @media print{
          html,.tv{font-size:12pt}
          body,header,li,.notice{background:none!important;color:#000!important}
          *{color:#000!important}
          header{padding:0 0 .5rem;border-bottom:2pt solid #000}
          .notice{border:1pt solid #000}
          section{break-before:page}
          section:first-of-type{break-before:auto}
          ol{display:block}
          li{border:none;border-bottom:1pt solid #000;border-radius:0;padding:.4rem 0;break-inside:avoid}
          h2{border-bottom-color:#000}
          main{padding:0}
          progress{display:none}
          a{text-decoration:none}
        }
        """;
}
