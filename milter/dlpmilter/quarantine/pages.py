"""The quarantine console's pages: Jinja templates (autoescaped), framed by the portal's
:data:`dlpmilter.portal.page.BASE` and styled by its sheet plus a few rules of our own.

No script and no HTML from a message: bodies are text in a ``<pre>``, attachments downloads.
"""

from __future__ import annotations

from dlpmilter.portal.page import STYLE as PORTAL_STYLE

SITE = "Quarantine review"
FOOTER = "Held messages may hold protected information. Every release and deletion is audited."

STYLE = (
    PORTAL_STYLE
    + """
main.wide, main:has(table.held) { max-width: 72rem; }
header.bar { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
header.bar form { margin: 0; }
header.bar .who { color: var(--muted); margin-right: .6rem; font-weight: 400; }
table.held { width: 100%; border-collapse: collapse; font-size: .92rem; }
table.held th, table.held td { text-align: left; vertical-align: top; padding: .45rem .5rem;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
table.held th { color: var(--muted); font-weight: 600; }
table.held td.num { text-align: right; white-space: nowrap; }
form.filter { display: flex; gap: .6rem; align-items: center; margin-bottom: 1rem; }
form.filter label { margin: 0; }
select, textarea, input[type=password], input.name { font: inherit; border: 1px solid var(--muted);
  border-radius: 6px; padding: .45rem .6rem; }
input[type=password], input.name { width: 18rem; letter-spacing: normal; font-size: 1rem; }
textarea { width: 100%; min-height: 4rem; }
form.act { margin-top: 1rem; }
button.danger { background: var(--warn); }
p.notice { background: #eef5ee; border: 1px solid #9bc49b; padding: .5rem .8rem; border-radius: 6px; }
.stack > * + * { margin-top: .8rem; }
"""
)

NAV = """<form method="post" action="{{ url_for('logout') }}">
<span class="who">Signed in as {{ reviewer }}</span>
<input type="hidden" name="csrf" value="{{ csrf }}">
<button type="submit" class="secondary">Sign out</button>
</form>"""

LOGIN = """<h1>Sign in</h1>
<p>Compliance reviewers only. Sign-ins are logged.</p>
{% if message %}<p class="error" role="alert">{{ message }}</p>{% endif %}
<form method="post" action="{{ url_for('login') }}" class="stack">
<input type="hidden" name="csrf" value="{{ csrf }}">
<div><label for="name">Name</label>
<input type="text" class="name" id="name" name="name" autocomplete="username" maxlength="64"
 required autofocus value="{{ name }}"></div>
<div><label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password"
 maxlength="1024" required></div>
<div><button type="submit">Sign in</button></div>
</form>
"""

HELD = """<h1>Held messages</h1>
{% for text in notices %}<p class="notice" role="status">{{ text }}</p>{% endfor %}
<form method="get" action="{{ url_for('held') }}" class="filter">
<label for="label">Label</label>
<select id="label" name="label">
<option value="">all</option>
{% for name in labels %}<option value="{{ name }}"{% if name == label %} selected{% endif %}>{{ name }}</option>
{% endfor %}</select>
<button type="submit" class="secondary">Filter</button>
</form>
{% if entries %}
<table class="held">
<thead><tr><th>Time</th><th>Sender</th><th>Recipients</th><th>Labels</th><th>Rules</th><th>Size</th></tr></thead>
<tbody>
{% for e in entries %}<tr>
<td><a href="{{ url_for('message', qid=e.id) }}">{{ readable(e.time) }}</a></td>
<td>{{ e.sender or "<>" }}</td>
<td>{{ e.recipients | join(", ") }}</td>
<td>{{ e.labels | join(", ") }}</td>
<td>{{ e.rules | join(", ") }}</td>
<td class="num">{{ e.size }}</td>
</tr>
{% endfor %}</tbody>
</table>
<p class="muted">{{ entries | length }} held message(s){% if label %} labelled {{ label }}{% endif %}, newest first.</p>
{% else %}
<p class="muted">No held messages{% if label %} labelled {{ label }}{% endif %}.</p>
{% endif %}
"""

MESSAGE = """<p><a href="{{ url_for('held') }}">Back to the held messages</a></p>
<h1>{{ view.subject or "(no subject)" if view else "Message " ~ entry.id }}</h1>
{% if message %}<p class="error" role="alert">{{ message }}</p>{% endif %}
<dl class="meta">
{% if view %}<dt>From</dt><dd>{{ view.sender }}</dd>
<dt>To</dt><dd>{{ view.to }}</dd>
{% if view.cc %}<dt>Cc</dt><dd>{{ view.cc }}</dd>{% endif %}
<dt>Subject</dt><dd>{{ view.subject }}</dd>
<dt>Date</dt><dd>{{ view.date }}</dd>{% endif %}
<dt>Envelope sender</dt><dd>{{ entry.sender or "<>" }}</dd>
<dt>Envelope recipients</dt><dd>{{ entry.recipients | join(", ") }}</dd>
<dt>Labels</dt><dd>{{ entry.labels | join(", ") or "-" }}</dd>
<dt>Rules</dt><dd>{{ entry.rules | join(", ") or "-" }}</dd>
<dt>Held since</dt><dd>{{ readable(entry.time) }}</dd>
<dt>Size</dt><dd>{{ entry.size }} bytes</dd>
<dt>Reference</dt><dd>{{ entry.id }}</dd>
<dt>State</dt><dd>{{ entry.state }}{% if entry.state != "held" %} by {{ entry.actor }} at {{ readable(entry.changed) }}{% endif %}</dd>
</dl>
{% if view %}<pre class="body">{{ view.body }}</pre>
{% if view.attachments %}
<h2>Attachments</h2>
<ul class="files">
{% for a in view.attachments %}<li><a href="{{ url_for('download', qid=entry.id, number=a.number) }}" download>{{ a.filename }}</a> <span class="muted">({{ a.size }} bytes)</span></li>
{% endfor %}</ul>
{% endif %}{% endif %}
{% if entry.state == "held" %}
<h2>Release</h2>
<form method="post" action="{{ url_for('release', qid=entry.id) }}" class="act">
<input type="hidden" name="csrf" value="{{ csrf }}">
<label for="release-reason">Reason (kept in the audit log)</label>
<textarea id="release-reason" name="reason" maxlength="500" required></textarea>
<p><button type="submit">Release to the recipients</button></p>
</form>
<h2>Delete</h2>
<form method="post" action="{{ url_for('delete', qid=entry.id) }}" class="act">
<input type="hidden" name="csrf" value="{{ csrf }}">
<label for="delete-reason">Reason (kept in the audit log)</label>
<textarea id="delete-reason" name="reason" maxlength="500" required></textarea>
<p><button type="submit" class="danger">Delete the message</button></p>
</form>
{% endif %}
"""

PROBLEM = """<h1>{{ heading }}</h1>
<p>{{ text }}</p>
<p><a href="{{ url_for('held') }}">Back to the held messages</a></p>
"""
