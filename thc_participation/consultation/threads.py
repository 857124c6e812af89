"""Comment threads (three levels) built from a page of roots and their replies."""


class Node:
    __slots__ = ("comment", "children")

    def __init__(self, comment):
        self.comment = comment
        self.children = []


def build_threads(roots, replies):
    """Nest ``replies`` (ordered oldest first) under ``roots`` (kept in their order).

    A reply whose parent is not loaded (beyond the replies shown) hangs under its root, so
    nothing loaded is ever lost.
    """
    nodes = {c.id: Node(c) for c in roots}
    threads = [nodes[c.id] for c in roots]
    for reply in replies:
        nodes[reply.id] = Node(reply)
    for reply in replies:
        parent = nodes.get(reply.parent_id) or nodes.get(reply.root_id)
        if parent is not None:
            parent.children.append(nodes[reply.id])
    return threads
