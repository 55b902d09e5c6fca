// Fieldlink's own lint rule: a promise may be silenced (`void p`, `.catch(() => {})`) only with a one-line reason
// next to it, so a reviewer can tell a deliberate fire-and-forget from a forgotten failure.
//
//   // The window may already be closed; nothing is left to tell.
//   void win.webContents.send('bye');
//   await host.stop().catch(() => undefined); // stopping twice is not a failure
//
// Any comment counts: on the line above the statement, at the end of its line, or inside it.

/** The nearest enclosing statement, attribute or property: the unit a reason comment sits next to. */
function anchorOf(node) {
  let current = node;
  while (current.parent) {
    const type = current.type;
    if (type.endsWith('Statement') || type.endsWith('Declaration') || type === 'JSXAttribute' || type === 'Property' || type === 'PropertyDefinition') {
      return current;
    }
    current = current.parent;
  }
  return current;
}

function hasReason(sourceCode, node) {
  const anchor = anchorOf(node);
  const before = sourceCode.getCommentsBefore(anchor);
  const last = before[before.length - 1];
  if (last && last.loc.end.line >= anchor.loc.start.line - 1) return true;
  if (sourceCode.getCommentsInside(anchor).length > 0) return true;
  return sourceCode.getCommentsAfter(anchor).some((comment) => comment.loc.start.line === anchor.loc.end.line);
}

/** True when type information says `node` is a promise (or any thenable); without it, any call or await. */
function isThenable(context, node) {
  const services = context.sourceCode.parserServices;
  if (services?.program && services.esTreeNodeToTSNodeMap) {
    const checker = services.program.getTypeChecker();
    const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
    const parts = type.isUnion() ? type.types : [type];
    return parts.some((part) => part.getProperty('then') !== undefined);
  }
  return node.type === 'CallExpression' || node.type === 'AwaitExpression' || node.type === 'ChainExpression';
}

/** `() => {}`, `() => undefined`, `() => null`, `() => void 0`: a handler that drops the failure. */
function swallows(handler) {
  if (!handler || (handler.type !== 'ArrowFunctionExpression' && handler.type !== 'FunctionExpression')) return false;
  const body = handler.body;
  if (body.type === 'BlockStatement') return body.body.length === 0;
  if (body.type === 'Identifier') return body.name === 'undefined';
  if (body.type === 'Literal') return body.value === null;
  return body.type === 'UnaryExpression' && body.operator === 'void' && body.argument.type === 'Literal';
}

const silencedPromiseReason = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Require a one-line reason next to every silenced promise (`void p`, `.catch(() => {})`).' },
    schema: [],
    messages: {
      voided: 'This promise is silenced with `void`: handle its failure, or say in a comment on this line or the line above why it may be ignored.',
      swallowed: 'This `.catch` drops the failure: log or handle it, or say in a comment on this line or the line above why it may be ignored.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      UnaryExpression(node) {
        if (node.operator !== 'void' || node.argument.type === 'Literal' || node.argument.type === 'Identifier') return;
        if (!isThenable(context, node.argument)) return;
        if (!hasReason(sourceCode, node)) context.report({ node, messageId: 'voided' });
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.name !== 'catch') return;
        if (!swallows(node.arguments[0])) return;
        if (!hasReason(sourceCode, node)) context.report({ node: callee.property, messageId: 'swallowed' });
      },
    };
  },
};

export const fieldlinkPlugin = {
  meta: { name: 'fieldlink' },
  rules: { 'silenced-promise-reason': silencedPromiseReason },
};
