"""The portal's pages: Jinja templates (autoescaped) and one style sheet, all in the package.

No script, no external asset, no HTML from a message: the style sheet is served by the app
itself, so the Content-Security-Policy can forbid everything else. :data:`BASE` also frames the
quarantine console's pages, which pass their own ``site``, ``nav`` and ``footer``.
"""

from __future__ import annotations

STYLE = """
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6478; --line: #d8dce6;
  --accent: #1f5fbf; --bg: #f4f6fa; --warn: #9b2c2c; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.bar { background: #fff; border-bottom: 1px solid var(--line); padding: .8rem 1.5rem; }
header.bar p { margin: 0; font-weight: 600; }
main { max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p.muted, .muted { color: var(--muted); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
pre.body { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 0;
  border-top: 1px solid var(--line); padding-top: 1rem; margin-top: 1rem; }
ul.files { list-style: none; padding: 0; margin: 0; }
ul.files li { padding: .4rem 0; border-bottom: 1px solid var(--line); }
button, input[type=text] { font: inherit; border-radius: 6px; }
button { background: var(--accent); color: #fff; border: 0; padding: .6rem 1.2rem; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent);
  padding: .35rem .9rem; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
input[type=text] { border: 1px solid var(--muted); padding: .5rem .7rem; width: 10rem;
  letter-spacing: .2em; font-size: 1.2rem; }
label { display: block; font-weight: 600; margin-bottom: .3rem; }
.error { color: var(--warn); font-weight: 600; }
a { color: var(--accent); }
footer { max-width: 52rem; margin: 0 auto 2rem; padding: 0 1rem; font-size: .85rem; color: var(--muted); }
"""

BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{ title }} - {{ site | default("Secure message portal") }}</title>
<link rel="stylesheet" href="{{ url_for('style') }}">
</head>
<body>
<header class="bar"><p>{{ site | default("Secure message portal") }}</p>{{ nav | default("") }}</header>
<main><div class="card">
{{ content }}
</div></main>
<footer>{{ footer | default("This portal keeps protected information off ordinary e-mail. Links are personal: do not forward them.") }}</footer>
</body>
</html>
"""

LANDING = """<h1>A secure message is waiting for you</h1>
<dl class="meta">
<dt>From</dt><dd>{{ sender }}</dd>
<dt>Reference</dt><dd>{{ reference }}</dd>
<dt>Available until</dt><dd>{{ expires }}</dd>
</dl>
<p>To make sure it is you, we will e-mail a one-time code to the address this link was sent to.</p>
{% if message %}<p class="error" role="alert">{{ message }}</p>{% endif %}
<form method="post" action="{{ url_for('send_code', token=token) }}">
<input type="hidden" name="csrf" value="{{ csrf }}">
<button type="submit">E-mail me a code</button>
</form>
"""

CODE = """<h1>Enter your code</h1>
<p>We have e-mailed a 6-digit code to you. It is valid for {{ minutes }} minutes.</p>
{% if message %}<p class="error" role="alert">{{ message }}</p>{% endif %}
<form method="post" action="{{ url_for('check_code', token=token) }}">
<input type="hidden" name="csrf" value="{{ csrf }}">
<label for="code">One-time code</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
 pattern="[0-9]{6}" maxlength="6" required autofocus>
<button type="submit">Open the message</button>
</form>
<form method="post" action="{{ url_for('send_code', token=token) }}">
<input type="hidden" name="csrf" value="{{ csrf }}">
<p class="muted">No code, or it expired? <button type="submit" class="secondary">Send a new code</button></p>
</form>
"""

MESSAGE = """<h1>{{ view.subject or "(no subject)" }}</h1>
<dl class="meta">
<dt>From</dt><dd>{{ view.sender }}</dd>
<dt>To</dt><dd>{{ view.to }}</dd>
{% if view.cc %}<dt>Cc</dt><dd>{{ view.cc }}</dd>{% endif %}
<dt>Date</dt><dd>{{ view.date }}</dd>
<dt>Reference</dt><dd>{{ reference }}</dd>
<dt>Available until</dt><dd>{{ expires }}</dd>
</dl>
<pre class="body">{{ view.body }}</pre>
{% if view.attachments %}
<h2>Attachments</h2>
<ul class="files">
{% for a in view.attachments %}<li><a href="{{ url_for('download', token=token, number=a.number) }}" download>{{ a.filename }}</a> <span class="muted">({{ a.size }} bytes)</span></li>
{% endfor %}</ul>
{% endif %}
"""

NOT_FOUND = """<h1>This link does not work</h1>
<p>The link is not valid, or the message is no longer available. Messages stay in the portal for
a limited time. Please ask the sender to send it again.</p>
"""

PROBLEM = """<h1>{{ heading }}</h1>
<p>{{ text }}</p>
"""
