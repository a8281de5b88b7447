"""Sharing a view: its canonical link (every parameter in one order, the language always in it),
a copy-link button, download names built from the whole filter state, PNG/SVG buttons for a
chart, and the page's language for the browser (`<html lang>`, Streamlit's own strings).

The names and the query are plain functions of the filter values (tested without a browser);
the buttons are small HTML blocks whose script runs in the page (`st.html(...,
unsafe_allow_javascript=True)`): only this module's constant script and JSON-encoded values
reach them, never text as HTML."""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from collections.abc import Mapping

import streamlit as st

from ui.i18n import t
from ui.text import html_literal

# Every URL parameter in the order a canonical link writes them (ui.chrome drops the rest).
PARAM_ORDER = (
    "lang", "present", "machine", "city", "city_find", "peer", "peer_find", "period", "find", "indicator", "kind",
    "view", "avg", "all", "category", "district", "attribute", "years", "q", "page", "doc_city", "doc_city_find",
    "province", "doc_kind", "doc_period", "doc_page",
)
# Download names say what the rows are first: the indicator, the period, then the cities.
STEM_ORDER = (
    "indicator", "category", "period", "kind", "view", "avg", "all", "city", "peer", "district", "attribute",
    "years", "q", "doc_city", "province", "doc_kind", "doc_period", "machine",
)
FLAGS = frozenset({"present", "avg", "all"})  # name=1 when on; a download name says the name
# Flags on by default (name=0 when off): a download name says `no<name>` when off (machine-read values left out).
DEFAULT_ON_FLAGS = frozenset({"machine"})
# How a view is shown or reached, not which rows it holds (`find`, `…_find`: the pickers' searches).
NOT_IN_NAMES = frozenset({"present", "page", "doc_page", "find", "city_find", "peer_find", "doc_city_find"})
STEM_MAX = 80  # characters before the digest: short enough for every file system and mail client
MANY_VALUES = 3  # more cities than this are named by their count (the digest keeps names apart)
_UNSAFE = re.compile(r"[^A-Za-z0-9_.]+")  # ids are ASCII slugs; anything else is left out


def canonical_query(values: Mapping[str, object]) -> str:
    """`lang=zh&city=a&city=b&...`: the parameters of `values` (name -> str or list of str; None
    or an empty list leaves a parameter out) in PARAM_ORDER, each list in its own order."""
    pairs = []
    for name in PARAM_ORDER:
        value = values.get(name)
        for item in (value if isinstance(value, list | tuple) else [value]):
            if item is not None and item != "":
                pairs.append((name, str(item)))
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


def link_values(values: Mapping[str, object]) -> dict[str, object]:
    """The filter values a page holds (`ui.state.filter_values`: defaults included) as URL
    values: a flag is `1` when on and absent when off, a number is text, an empty text or list
    is absent. A link built from them names every choice, so it opens the same view even after
    new data changes what the defaults are."""
    shown: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                shown[name] = "1"
        elif isinstance(value, list | tuple):
            if value:
                shown[name] = [str(item) for item in value]
        elif value is not None and str(value) != "":
            shown[name] = str(value)
    return shown


def download_stem(item: str, values: Mapping[str, object], lang: str) -> str:
    """A file name (without extension) for a download of `item` (a short ASCII word: the page
    or the chart) under the filters `values` (name -> effective value, defaults included), e.g.
    `compare_urban_new_jobs_14th_target_jiangmen-zhanjiang_en`. Only ASCII letters, digits,
    `_`, `-` and `.`: safe on every OS. Two different filter states never share a name: when
    the readable part had to leave something out (a long list, free text, a cut), a digest of
    the whole state follows it."""
    parts: list[str] = [item]
    lossy = False
    for name in STEM_ORDER:
        if name not in values:
            continue
        value = values[name]
        if name in FLAGS:
            if value in (True, "1"):
                parts.append(name)
            continue
        if name in DEFAULT_ON_FLAGS:
            if value in (False, "0"):
                parts.append(f"no{name}")
            continue
        items = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        items = [v for v in items if v not in ("", "None")]
        if not items:
            continue
        if name == "q" or len(items) > MANY_VALUES:
            parts.append(f"{len(items)}{name}" if name != "q" else "search")
            lossy = True
            continue
        safe = [_UNSAFE.sub("", v) for v in items]
        lossy = lossy or safe != items or not all(safe)
        parts.append("-".join(v for v in safe if v) or name)
    readable = "_".join(parts)
    if len(readable) > STEM_MAX:
        readable, lossy = readable[:STEM_MAX].rstrip("_-."), True
    if lossy:
        state = canonical_query({name: value for name, value in values.items() if name not in NOT_IN_NAMES})
        readable += "_" + hashlib.sha256(f"{item}?{state}".encode()).hexdigest()[:8]
    return f"{readable}_{lang}"


def _script_json(value: object) -> str:
    """`value` as a JavaScript literal that cannot close the <script> element it sits in."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


# One listener for every button this module draws (installed once per browser tab): a click on
# [data-share-copy] copies its data-url; on [data-plot-export] saves the chart of the element
# keyed data-chart as PNG or SVG through the page's own Plotly (what the modebar camera uses).
_SCRIPT = """
<script>
(() => {
  if (window.__planShare) return;
  window.__planShare = true;
  const say = (button, text) => {
    const status = button.parentElement.querySelector("[data-share-status]");
    if (status) status.textContent = text;
  };
  document.addEventListener("click", async (event) => {
    const copy = event.target.closest("[data-share-copy]");
    if (copy) {
      const url = copy.dataset.url.startsWith("?")
        ? location.origin + location.pathname + copy.dataset.url : copy.dataset.url;
      try {
        await navigator.clipboard.writeText(url);
      } catch (error) {
        const area = document.createElement("textarea");
        area.value = url;
        document.body.appendChild(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      say(copy, copy.dataset.done);
      return;
    }
    const exporter = event.target.closest("[data-plot-export]");
    if (exporter) {
      const chart = document.querySelector(`.st-key-${exporter.dataset.chart} .js-plotly-plot`);
      if (!chart || !window.Plotly) return;
      const box = chart.getBoundingClientRect();
      const verdict = document.querySelector('[data-testid="stMain"] .verdict');
      const figure = withContext(chart, Math.round(box.width), Math.round(box.height),
                                 verdict ? verdict.textContent : "", exporter.dataset.footnote || "");
      await window.Plotly.downloadImage(figure, {
        format: exporter.dataset.plotExport, filename: exporter.dataset.filename,
        width: figure.layout.width, height: figure.layout.height, scale: 2,
      });
    }
  });
  // (No "<" before a letter or "/" in this script: Streamlit's sanitiser drops a script holding one.)
  // The exported image says what the page says: the verdict as its title (over the chart's own
  // title, if any) and the source footnote under it, wrapped to the image's width; the chart on
  // screen is left as it is (a copy of its layout is drawn off screen).
  const plotText = (text) => text.replace(/&/g, "&amp;").replace(/\\x3c/g, "&lt;").replace(/>/g, "&gt;");
  const wrap = (text, width, size, family) => {
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = `${size}px ${family}`;
    const cjk = "\\u2e80-\\u9fff\\uf900-\\uffef";  // one character a token; a closing mark stays with it
    const tokens = text.trim().split(/\\s+/).join(" ")
      .match(new RegExp(`[${cjk}][，。；：、）》」]?|[^\\\\s${cjk}]+ ?| `, "g")) || [];
    const lines = [];
    let line = "";
    for (const token of tokens) {
      if (line && measure.measureText(line + token).width > width) { lines.push(line.trimEnd()); line = ""; }
      line += line ? token : token.trimStart();
    }
    if (line.trim()) lines.push(line.trimEnd());
    return lines;
  };
  const withContext = (chart, width, height, verdict, footnote) => {
    const layout = chart.layout || {};
    const size = (chart._fullLayout && chart._fullLayout._size) || {l: 0, r: 0, t: 0, b: 0};
    const family = (layout.font && layout.font.family) || "sans-serif";
    const base = (layout.font && layout.font.size) || 12;
    const titleSize = Math.round(base * 1.25), noteSize = Math.max(10, Math.round(base * 0.85));
    const titleLines = verdict.trim() ? wrap(verdict, width - 24, titleSize, family) : [];
    const noteLines = footnote.trim() ? wrap(footnote, width - 24, noteSize, family) : [];
    const top = titleLines.length ? Math.ceil(titleLines.length * titleSize * 1.35) + 16 : 0;
    const bottom = noteLines.length ? Math.ceil(noteLines.length * noteSize * 1.35) + 12 : 0;
    const total = height + top + bottom;
    const text = (lines, fontSize, color) => ({text: lines.map(plotText).join("\\x3cbr>"), xref: "paper",
      yref: "paper", x: 0, xanchor: "left", align: "left", showarrow: false, xshift: 12 - size.l,
      font: {size: fontSize, family, color}});
    const annotations = [...(layout.annotations || [])];
    if (titleLines.length) {  // above everything the chart had, the page's verdict
      annotations.push({...text(titleLines, titleSize, "#222"), y: 1, yanchor: "bottom", yshift: size.t + 4});
    }
    if (noteLines.length) {  // under everything the chart had, its source line
      annotations.push({...text(noteLines, noteSize, "#444"), y: 0, yanchor: "top", yshift: -size.b - 4});
    }
    const out = {...layout, annotations, width, height: total, autosize: false,
      margin: {...(layout.margin || {}), l: size.l, r: size.r, t: size.t + top, b: size.b + bottom}};
    // What is placed against the figure's edges (the chart's title at the top, a legend at the
    // bottom) keeps its place beside the plot, now that the image is taller.
    if (layout.title && typeof layout.title === "object" && layout.title.text && top) {
      out.title = {...layout.title, yref: "container", y: 1, yanchor: "top",
        pad: {...(layout.title.pad || {}), t: ((layout.title.pad && layout.title.pad.t) || 0) + top}};
    }
    if (layout.legend && layout.legend.yref === "container" && bottom) {
      out.legend = {...layout.legend, y: ((layout.legend.y || 0) * height + bottom) / total};
    }
    return {data: (chart.data || []).map(trace => ({...trace})), layout: out};
  };
})();
</script>
"""

_BUTTON_CSS = """
<style>
.share-row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.share-row button { font: inherit; font-size: 0.875rem; padding: 0.25rem 0.75rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, 0.3); border-radius: 0.5rem; background: white; color: inherit; }
.share-row button:hover { border-color: #1f6feb; color: #1f6feb; }
.share-row [data-share-status] { font-size: 0.8rem; color: #1B7837; }
.share-url { font-family: monospace; font-size: 0.75rem; color: #555; word-break: break-all; margin-top: 0.3rem; }
</style>
"""


def _html(body: str) -> None:
    st.html(_BUTTON_CSS + body + _SCRIPT, unsafe_allow_javascript=True)


def copy_link_button(query: str, lang: str) -> None:
    """A button that copies the view's canonical link (this page, `?` + `query`), with the link
    written under it for copying by hand."""
    base = st.context.url or ""
    url = f"{base}?{query}" if base else f"?{query}"
    _html(f"<div class='share-row'><button type='button' data-share-copy data-url='{html_literal(url)}' "
          f"data-done='{html_literal(t('link_copied', lang))}'>{html_literal(t('copy_link', lang))}</button>"
          f"<span data-share-status role='status'></span></div>"
          f"<div class='share-url'>{html_literal(url)}</div>")


def image_buttons(chart_key: str, stem: str, lang: str, footnote: str = "") -> None:
    """PNG and SVG of the chart drawn with `key=chart_key`, named `stem`: the image carries the
    page's verdict (its `.verdict` line) as its title and `footnote` (the chart's source line,
    plain text) under the chart."""
    buttons = "".join(
        f"<button type='button' data-plot-export='{fmt}' data-chart='{html_literal(chart_key)}' "
        f"data-filename='{html_literal(stem)}' data-footnote='{html_literal(footnote)}' "
        f"title='{html_literal(t(f'download_{fmt}_help', lang))}'>"
        f"{html_literal(t(f'download_{fmt}', lang))}</button>"
        for fmt in ("png", "svg"))
    _html(f"<div class='share-row'>{buttons}</div>")


# Streamlit's own interface strings (its toolbar, menus, the skip link, table tools) have no
# translation setting; in the Chinese UI a small observer puts these in Chinese as they appear.
STREAMLIT_STRINGS_ZH = {
    "Skip to main content": "跳到主要内容",
    "Main menu": "主菜单",
    "Rerun": "重新运行",
    "Settings": "设置",
    "Print": "打印",
    "Record a screencast": "录制屏幕",
    "Record screen": "录制屏幕",
    "Stop recording": "停止录制",
    "Made with Streamlit v": "基于 Streamlit 构建，版本 ",
    "Copy version to clipboard": "复制版本号",
    "Copied": "已复制",
    "System": "跟随系统",
    "Light": "浅色",
    "Dark": "深色",
    "About": "关于",
    "Clear cache": "清除缓存",
    "Show/hide columns": "显示/隐藏列",
    "Download as CSV": "下载为 CSV",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Open": "展开",
    "Close": "关闭",
    "Clear all": "全部清除",
    "Clear value": "清除",
    "No results": "无结果",
    "No options to select": "没有可选项",
    "Running...": "运行中…",
    "Stop": "停止",
    "Collapse sidebar": "收起侧边栏",
    "Expand sidebar": "展开侧边栏",
    "Download plot as a PNG": "下载 PNG 图片",
    "Zoom": "缩放",
    "Pan": "平移",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Autoscale": "自动缩放",
    "Reset axes": "重置坐标轴",
    "Double-click to zoom back out": "双击恢复",
}

_LANG_SCRIPT = """
<script>
(() => {
  const lang = __LANG__;
  const words = __WORDS__;
  document.documentElement.lang = lang;
  window.__planWords = words;
  if (window.__planWordsObserver) { window.__planTranslate(document.body); return; }
  const attributes = ["aria-label", "title", "placeholder", "data-title"];
  // Text the app writes (Markdown, plain text, HTML blocks, chart text) is never touched.
  const ours = '[data-testid="stMarkdownContainer"], [data-testid="stText"], [data-testid="stHtml"], ' +
    '[data-testid="stCode"], .main-svg';
  const has = (value) => Object.prototype.hasOwnProperty.call(window.__planWords, value);
  const text = (node) => {
    const value = node.nodeValue && node.nodeValue.trim();
    if (value && has(value) && !(node.parentElement && node.parentElement.closest(ours))) {
      node.nodeValue = window.__planWords[value];
    }
  };
  const attrs = (element) => {
    for (const name of attributes) {
      const value = element.getAttribute(name);
      if (value && has(value)) element.setAttribute(name, window.__planWords[value]);
    }
  };
  const tree = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { text(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) text(node);
    attrs(root);
    root.querySelectorAll("[aria-label],[title],[placeholder],[data-title]").forEach(attrs);
  };
  window.__planTranslate = tree;
  window.__planWordsObserver = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "childList") record.addedNodes.forEach(tree);
      else if (record.type === "characterData") text(record.target);
      else attrs(record.target);
    }
  });
  window.__planWordsObserver.observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attributes,
  });
  tree(document.body);
})();
</script>
"""


def page_language(lang: str) -> None:
    """`<html lang>` set to the UI language (zh-CN / en), and Streamlit's strings in Chinese in
    the Chinese UI (the English ones come back when the language changes)."""
    code = "zh-CN" if lang == "zh" else "en"
    words = STREAMLIT_STRINGS_ZH if lang == "zh" else {v: k for k, v in STREAMLIT_STRINGS_ZH.items()}
    st.html(_LANG_SCRIPT.replace("__LANG__", _script_json(code)).replace("__WORDS__", _script_json(words)),
            unsafe_allow_javascript=True)


# Presenter mode: chart text grows with the screen. The figures are laid out for a 1280×720
# screen (ui/charts); on a larger one every font of every chart is multiplied by
# min(width / 1280, height / 720) through the page's own Plotly, again after each redraw.
PRESENT_BASE_SCREEN = (1280, 720)
_SCALE_SCRIPT = """
<script>
(() => {
  const base = __BASE__;
  const factor = () => Math.max(1, Math.min(window.innerWidth / base[0], window.innerHeight / base[1]));
  const scaled = (size, f) => Math.round(size * f * 10) / 10;
  const fonts = (layout, f) => {
    const update = {};
    const put = (path, font) => { if (font && font.size) update[path] = scaled(font.size, f); };
    put("font.size", layout.font);
    put("title.font.size", layout.title && layout.title.font);
    put("legend.font.size", layout.legend && layout.legend.font);
    for (const [name, axis] of Object.entries(layout)) {
      if (!/^[xy]axis\\d*$/.test(name) || !axis) continue;
      put(`${name}.tickfont.size`, axis.tickfont);
      put(`${name}.title.font.size`, axis.title && axis.title.font);
    }
    (layout.annotations || []).forEach((note, i) => put(`annotations[${i}].font.size`, note.font));
    return update;
  };
  const scale = (plot) => {
    const f = factor();
    if (!window.Plotly || !plot.layout || plot.__planScaling) return;
    const size = plot.layout.font && plot.layout.font.size;
    if (f === 1 || !size || plot.__planScaledSize === size) return;  // already scaled (or no need)
    const update = fonts(plot.layout, f);
    plot.__planScaledSize = update["font.size"];
    plot.__planScaling = true;
    const traces = (plot.data || []).map(trace => trace.textfont && trace.textfont.size
      ? scaled(trace.textfont.size, f) : null);
    const done = () => { plot.__planScaling = false; };
    window.Plotly.relayout(plot, update).then(() => {
      const indices = traces.map((size, i) => size ? i : -1).filter(i => i >= 0);
      if (!indices.length) return done();
      return window.Plotly.restyle(plot, {"textfont.size": indices.map(i => traces[i])}, indices).then(done);
    }, done);
  };
  const watch = () => document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot').forEach(plot => {
    if (!plot.__planWatched && plot.on) {
      plot.__planWatched = true;
      plot.on("plotly_afterplot", () => scale(plot));
    }
    scale(plot);
  });
  if (window.__planScaleObserver) window.__planScaleObserver.disconnect();
  window.__planScaleObserver = new MutationObserver(watch);
  window.__planScaleObserver.observe(document.body, {subtree: true, childList: true});
  watch();
})();
</script>
"""


def presenter_bar(values: Mapping[str, object], lang: str) -> None:
    """Presenter mode's own controls, on screen (the sidebar is hidden): leave presenter mode,
    the other language, copy the link, each for the same view (`values`: link_values of the
    filters). Plain links: opening one starts the view from its URL."""
    here = dict(values)
    here["lang"] = lang
    here["present"] = "1"
    other = "en" if lang == "zh" else "zh"
    exit_query = canonical_query({**here, "present": None})
    switch_query = canonical_query({**here, "lang": other})
    base = st.context.url or ""
    url = f"{base}?{canonical_query(here)}" if base else f"?{canonical_query(here)}"
    links = (
        f"<a href='?{html_literal(switch_query)}' target='_self' lang='{other}' data-present-lang "
        f"title='{html_literal(t('present_switch_lang_help', lang))}'>"
        f"{html_literal(t('present_switch_lang', lang))}</a>"
        f"<button type='button' data-share-copy data-url='{html_literal(url)}' "
        f"data-done='{html_literal(t('link_copied', lang))}'>{html_literal(t('present_copy', lang))}</button>"
        f"<a href='?{html_literal(exit_query)}' target='_self' data-present-exit "
        f"title='{html_literal(t('present_exit_help', lang))}'>{html_literal(t('present_exit', lang))}</a>"
        f"<span data-share-status role='status'></span>"
    )
    st.html(_BUTTON_CSS + f"<nav class='share-row present-bar' aria-label='presenter'>{links}</nav>" + _SCRIPT
            + _SCALE_SCRIPT.replace("__BASE__", _script_json(list(PRESENT_BASE_SCREEN))),
            unsafe_allow_javascript=True)
