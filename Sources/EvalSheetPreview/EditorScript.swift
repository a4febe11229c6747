import EvalSheet
import Foundation

/// The editor's part of a sheet's page: its bar (file, figures, save), the state the script starts from, the
/// script and its look. The script only moves values between the page and the server: every figure, problem
/// and page break it shows comes back from the server, computed by the command line's scorer and layout.
enum EditorScript {
    static func toolbar(_ relative: String, pages: Int, text: PreviewText) -> String {
        """
        <div class="editor-bar screen-only" id="editor-bar"><strong>\(PreviewPages.escape(relative))</strong>
        <span id="editor-summary"></span> <span id="editor-status" role="status"></span>
        <button type="button" id="editor-save" disabled>\(text.pick("保存", "Save")) (Ctrl+S)</button>
        <span class="hint">\(text.pick("点击或按 Enter 编辑；Tab / Shift+Tab 前后移动；Enter 确认，Esc 取消；多段文字中 Shift+Enter 另起一段，**粗体**", "Click or press Enter to edit; Tab / Shift+Tab move; Enter confirms, Esc cancels; Shift+Enter starts a paragraph, **bold**"))</span>
        <div class="editor-conflict" id="editor-conflict" role="alert" hidden><span></span>
        <button type="button" id="editor-reload">\(text.pick("重新载入（放弃此页未保存的修改）", "Reload (drops this page's unsaved edits)"))</button></div></div>

        """
    }

    /// The state the script starts from: the file's stamp, the session's token, each field's value, the choices of
    /// a choice field, the figures of the bar and the page's words.
    static func state(_ page: EditorPage, stamp: String, token: String, relative: String, words: PreviewText) -> String
    {
        let text = SheetText(page.sheet, language: .zh)
        let state: [String: Any] = [
            "base": stamp, "token": token, "link": PreviewPages.link(relative),
            "fields": Dictionary(page.fields.map { ($0.field, $0.value) }, uniquingKeysWith: { a, _ in a }),
            "choices": ["recommendation": page.sheet.form.recommendation.options.map(\.label.zh)],
            // A form without grade bands (the national self-evaluation) has no grade to show.
            "summary": words.pick("合计 \(text.total) 分", "total \(text.total)")
                + (text.gradeName.isEmpty ? "" : words.pick(" · 等级 \(text.gradeName)", " · grade \(text.gradeName)"))
                + words.pick(" · 共 \(page.pages) 页", " · \(page.pages) page(s)"),
            "breaks": page.breaks.map { ["page": $0.page, "source": $0.source, "text": $0.text] as [String: Any] },
            "words": [
                "page": words.pick("第 N 页起", "page N starts"),
                "unsaved": words.pick("N 处未保存", "N unsaved"), "saved": words.pick("已保存", "saved"),
                "notSaved": words.pick("未保存：有无法接受的值", "not saved: some values cannot be taken"),
                "leave": words.pick("有未保存的修改", "There are unsaved edits"),
                "changedOnDisk": words.pick(
                    "此文件已在别处被修改（另一个窗口或程序）。", "This file was changed elsewhere (another window or program)."),
                "failed": words.pick("与预览服务的连接中断", "The preview server cannot be reached")
            ]
        ]
        let data = (try? JSONSerialization.data(withJSONObject: state, options: [.sortedKeys])) ?? Data("{}".utf8)
        // `</` cannot end the script element early.
        let json = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
        return "<script type=\"application/json\" id=\"evalsheet-state\">\(json)</script>\n"
    }

    static let style = """
        html { scroll-padding-top: 90px; scroll-padding-bottom: 60px; }
        [data-field] { cursor: text; scroll-margin-top: 90px; }
        [data-field]:hover { outline: 1px dashed #4a78c8; outline-offset: -2px; }
        [data-field]:focus { outline: 2px solid #1f5fc8; outline-offset: -2px; }
        [data-problem] { background: #fff0f0; box-shadow: inset 0 0 0 2px #c00; position: relative; }
        [data-problem][data-severity="warning"] { background: #fff8e6; box-shadow: inset 0 0 0 2px #b07800; }
        [data-problem]:hover::after, [data-problem]:focus::after { content: attr(data-problem); position: absolute; left: 0; top: 100%; z-index: 5; background: #c00; color: #fff; font: 12px/1.4 sans-serif; padding: 3px 6px; white-space: pre-wrap; width: max-content; max-width: 28em; text-align: left; text-indent: 0; }
        .editor-input { position: absolute; z-index: 10; box-sizing: border-box; margin: 0; border: 2px solid #1f5fc8; background: #fff; padding: 2px 4px; font-family: inherit; font-size: 11pt; line-height: 1.5; box-shadow: 0 3px 10px rgba(0,0,0,.3); }
        textarea.editor-input { resize: vertical; }
        .editor-note { position: absolute; z-index: 11; background: #c00; color: #fff; font: 12px/1.4 sans-serif; padding: 3px 6px; white-space: pre-wrap; max-width: 32em; }
        .editor-note:empty { display: none; }
        .page-start { position: relative; box-shadow: inset 0 3px 0 #d0306a; }
        .page-start::before { content: attr(data-page); position: absolute; right: 100%; top: -0.6em; margin-right: 10px; white-space: nowrap; background: #d0306a; color: #fff; font: 11px/1.6 sans-serif; padding: 0 5px; text-indent: 0; }
        .editor-bar { position: sticky; top: 0; z-index: 20; background: #f7f7f7; border-bottom: 1px solid #bbb; padding: 6px 12px; font: 13px sans-serif; display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
        .editor-bar .hint { color: #666; font-size: 12px; }
        .editor-conflict { flex-basis: 100%; background: #fff1c2; border: 1px solid #b07800; padding: 8px 12px; font: 13px sans-serif; }
        aside.other-fields { width: 180mm; margin: 12px auto; font: 13px sans-serif; }
        aside.other-fields h2 { font-size: 14px; margin: 0 0 4px; }
        aside.other-fields table { border: 1px solid #999; width: 100%; table-layout: auto; }
        aside.other-fields th, aside.other-fields td { font: 13px sans-serif; border: 1px solid #ccc; padding: 3px 6px; text-align: left; }
        aside.other-fields th { width: 40%; background: #f3f3f3; }
        """

    static let script = """
        <script>
        (function () {
          "use strict";
          var state = JSON.parse(document.getElementById("evalsheet-state").textContent);
          var words = state.words, base = state.base, fields = state.fields;
          var edits = new Map();            // field -> value typed since the file was opened or saved
          var timings = window.evalsheetTimings = [];
          var editor = null;                // {field, input, note, had, before}
          var inFlight = false, again = false, firstKey = null, saving = false;
          // Whether every edit made has its answer shown (a test waits for it before it clicks).
          window.evalsheetIdle = function () { return !inFlight && !again && !saving; };

          function all() { return Array.prototype.slice.call(document.querySelectorAll("[data-field]")); }
          function cellOf(field) { return document.querySelector('[data-field="' + CSS.escape(field) + '"]'); }
          function valueOf(field) { return edits.has(field) ? edits.get(field) : (fields[field] || ""); }
          function multiline(field) { return /^(narrative|narrative_en|goals)\\./.test(field) || /\\n/.test(valueOf(field)); }

          // What the bar says of the file: the edits not saved, else the last save's or failure's word, which
          // stays until the next edit (an answer to a later check does not take it away).
          var said = "";
          function status(text) { said = text; bar(); }
          function bar() {
            document.getElementById("editor-summary").textContent = state.summary;
            document.getElementById("editor-save").disabled = edits.size === 0;
            document.getElementById("editor-status").textContent =
              edits.size && !said ? words.unsaved.replace("N", edits.size) : said;
          }

          // Opens a field; `paragraph`: the index of the paragraph clicked in a long text, where the editor opens
          // with its caret (a narrative's cell may be pages tall).
          function open(cell, paragraph) {
            close(true);
            var field = cell.getAttribute("data-field");
            var input, choices = state.choices[field];
            if (choices && choices.length) {
              input = document.createElement("select");
              ["" ].concat(choices).forEach(function (choice) {
                var option = document.createElement("option");
                option.value = choice; option.textContent = choice || "—"; input.appendChild(option);
              });
            } else {
              input = document.createElement(multiline(field) ? "textarea" : "input");
            }
            input.className = "editor-input";
            input.setAttribute("data-editing", field);
            input.value = valueOf(field);
            var note = document.createElement("div");
            note.className = "editor-note";
            document.body.appendChild(input);
            document.body.appendChild(note);
            editor = {
              field: field, input: input, note: note, had: edits.has(field), before: edits.get(field),
              paragraph: paragraph || 0
            };
            input.addEventListener(input.tagName === "SELECT" ? "change" : "input", function () {
              edits.set(field, input.value);
              changed();
            });
            input.addEventListener("keydown", key);
            if (cell.scrollIntoView) cell.scrollIntoView({ block: "nearest" });
            place();
            input.focus();
            if (input.select && input.tagName === "INPUT") input.select();
            if (input.tagName === "TEXTAREA") {
              var lines = input.value.split("\\n"), at = 0;
              for (var index = 0; index < Math.min(editor.paragraph, lines.length); index++) at += lines[index].length + 1;
              input.setSelectionRange(at, at);
              input.scrollTop = input.scrollHeight * editor.paragraph / Math.max(1, lines.length) - 20;
            }
          }

          function place() {
            if (!editor) return;
            var cell = cellOf(editor.field);
            if (!cell) return;
            var box = cell.getBoundingClientRect(), style = editor.input.style;
            // Over the paragraph it opened at, in a cell taller than the editor.
            var paragraphs = cell.querySelectorAll("p"), anchor = paragraphs[editor.paragraph];
            var top = anchor && editor.paragraph > 0 ? anchor.getBoundingClientRect().top - 8 : box.top;
            style.left = (box.left + window.scrollX) + "px";
            style.top = (top + window.scrollY) + "px";
            style.width = Math.max(box.width, 140) + "px";
            if (editor.input.tagName === "TEXTAREA") style.height = Math.min(Math.max(box.height, 160), 420) + "px";
            else style.height = Math.max(box.height, 28) + "px";
            var inputBox = editor.input.getBoundingClientRect();
            editor.note.style.left = style.left;
            editor.note.style.top = (inputBox.bottom + window.scrollY) + "px";
            editor.note.textContent = cell.getAttribute("data-problem") || "";
          }

          // Closes the editor; kept: the value stays an edit, else it is as before the editor opened.
          function close(kept) {
            if (!editor) return null;
            var closing = editor;
            editor = null;
            if (!kept && (edits.has(closing.field) !== closing.had || edits.get(closing.field) !== closing.before)) {
              if (closing.had) edits.set(closing.field, closing.before); else edits.delete(closing.field);
              changed();
            }
            closing.input.remove();
            closing.note.remove();
            return cellOf(closing.field);
          }

          // The editor's own keys; each one handled here goes no further (the page's Enter would open the field
          // again that this Enter has just closed).
          function key(event) {
            var handled = true;
            if (event.key === "Escape") {
              var cell = close(false);
              if (cell) cell.focus();
            } else if (event.key === "Enter" && !event.shiftKey && !event.altKey) {
              var confirmed = close(true);
              if (confirmed) confirmed.focus();
            } else if (event.key === "Tab") {
              move(event.shiftKey ? -1 : 1);
            } else if ((event.ctrlKey || event.metaKey) && event.key === "s") {
              save();
            } else {
              handled = false;
            }
            if (handled) { event.preventDefault(); event.stopPropagation(); }
          }

          // The next or previous field in reading order (the page's order), from the one being edited or focused.
          function move(step) {
            var from = editor ? editor.field : (document.activeElement && document.activeElement.getAttribute("data-field"));
            close(true);
            var list = all(), at = list.findIndex(function (cell) { return cell.getAttribute("data-field") === from; });
            var next = list[(at + step + list.length) % list.length];
            if (next) open(next);
          }

          function changed() {
            if (firstKey === null) firstKey = performance.now();
            said = "";
            bar();
            check();
          }

          function request(kind) {
            var list = [];
            edits.forEach(function (value, field) { list.push({ field: field, value: value }); });
            return fetch("/api/" + kind + "/" + state.link, {
              method: "POST",
              headers: { "Content-Type": "application/json", "X-EvalSheet-Token": state.token },
              body: JSON.stringify({ base: base, edits: list })
            }).then(function (response) {
              return response.json().then(function (body) { return { status: response.status, body: body }; });
            });
          }

          // One check at a time; edits made while one is out are sent when it returns.
          function check() {
            if (inFlight) { again = true; return; }
            inFlight = true;
            var started = firstKey;
            firstKey = null;
            request("check").then(function (answer) {
              if (answer.body.html) show(answer.body);
              if (started !== null) timings.push(performance.now() - started);
              if (answer.body.stamp && answer.body.stamp !== base) {
                if (edits.size === 0) base = answer.body.stamp; else conflict(words.changedOnDisk);
              }
            }).catch(function () { status(words.failed); }).then(function () {
              inFlight = false;
              if (again) { again = false; check(); }
            });
          }

          // The server's page in place of this one's sheet, problems, other fields and figures.
          function show(answer) {
            var page = new DOMParser().parseFromString(answer.html, "text/html");
            ["main.sheet", "aside.other-fields", "nav"].forEach(function (selector) {
              var now = document.querySelector(selector), next = page.querySelector(selector);
              if (now && next) now.replaceWith(document.adoptNode(next));
            });
            var panel = document.querySelector("section.problems"), nextPanel = page.querySelector("section.problems");
            if (panel) panel.remove();
            if (nextPanel) document.querySelector("main.sheet").before(document.adoptNode(nextPanel));
            var next = JSON.parse(page.getElementById("evalsheet-state").textContent);
            fields = next.fields;
            state.summary = next.summary;
            marks(next.breaks);
            bar();
            if (editor) { var cell = cellOf(editor.field); if (cell) cell.classList.add("editing"); place(); }
          }

          // Where each printed page starts, on the paragraph or cell holding its first line.
          function marks(breaks) {
            breaks.forEach(function (start) {
              var want = start.text.replace(/\\s+/g, "").slice(0, 12);
              var found = null;
              document.querySelectorAll('[data-source="' + CSS.escape(start.source) + '"]').forEach(function (cell) {
                if (found) return;
                var parts = cell.querySelectorAll("p");
                var candidates = parts.length ? Array.prototype.slice.call(parts) : [cell];
                candidates.some(function (part) {
                  if (part.textContent.replace(/\\s+/g, "").indexOf(want) < 0) return false;
                  found = part;
                  return true;
                });
              });
              if (found) {
                found.classList.add("page-start");
                found.setAttribute("data-page", words.page.replace("N", start.page));
              }
            });
          }

          function save() {
            if (editor) { var cell = close(true); if (cell) cell.focus(); }
            if (edits.size === 0 || saving) return;
            saving = true;
            request("save").then(function (answer) {
              saving = false;
              if (answer.status === 200 && answer.body.saved) {
                base = answer.body.stamp;
                edits.clear();
                show(answer.body);
                status(words.saved);
              } else if (answer.status === 409) {
                conflict(answer.body.error);
              } else {
                if (answer.body.html) show(answer.body);
                status(answer.body.error || words.notSaved);
              }
            }).catch(function () { saving = false; status(words.failed); });
          }

          function conflict(text) {
            var box = document.getElementById("editor-conflict");
            box.querySelector("span").textContent = text + " ";
            box.hidden = false;
          }

          document.getElementById("editor-reload").addEventListener("click", function () {
            edits.clear();
            location.reload();
          });
          document.getElementById("editor-save").addEventListener("click", save);
          document.addEventListener("click", function (event) {
            var cell = event.target.closest && event.target.closest("[data-field]");
            if (!cell || (editor && editor.field === cell.getAttribute("data-field"))) return;
            var paragraph = event.target.closest("p");
            open(cell, paragraph ? Array.prototype.indexOf.call(cell.querySelectorAll("p"), paragraph) : 0);
          });
          document.addEventListener("keydown", function (event) {
            if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); return; }
            if (editor) return;
            var cell = document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-field]");
            if (!cell) return;
            if (event.key === "Enter" || event.key === "F2") { event.preventDefault(); open(cell); }
            else if (event.key === "Tab") { event.preventDefault(); move(event.shiftKey ? -1 : 1); }
          });
          window.addEventListener("resize", place);
          window.addEventListener("beforeunload", function (event) {
            if (edits.size === 0) return;
            event.preventDefault();
            event.returnValue = words.leave;
            return words.leave;
          });
          new EventSource("/events").onmessage = function () { if (!saving) check(); };
          marks(state.breaks);
          bar();
        })();
        </script>

        """
}
