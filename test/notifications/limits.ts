import { LIMITS, type SlackMessage } from '../../functions/notifications/slack-message';

/** Every Block Kit limit the builder promises, checked on a built message. Returns the violations. */
export function blockKitViolations(message: SlackMessage): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  check(message.blocks.length <= LIMITS.blocks, `${message.blocks.length} blocks`);
  check(message.text.length <= LIMITS.fallbackText, 'fallback text too long');
  for (const [i, block] of message.blocks.entries()) {
    // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON walked loosely in a test
    const b = block as Record<string, any>;
    if (b.type === 'header')
      check(b.text.text.length <= LIMITS.header && b.text.type === 'plain_text', `header ${i}`);
    if (b.type === 'section') {
      if (b.text)
        check(b.text.text.length <= LIMITS.sectionText && b.text.text.length > 0, `section ${i} text`);
      if (b.fields) {
        check(b.fields.length <= LIMITS.fields, `section ${i} fields count`);
        for (const f of b.fields) check(f.text.length <= LIMITS.field, `section ${i} field`);
      }
    }
    if (b.type === 'context') {
      check(b.elements.length <= LIMITS.contextElements, `context ${i} count`);
      for (const e of b.elements) check(e.text.length <= 3000 && e.text.length > 0, `context ${i} text`);
    }
    if (b.type === 'actions') {
      check(b.elements.length <= 25, `actions ${i} count`);
      const ids = new Set<string>();
      for (const e of b.elements) {
        check(e.action_id.length <= 255 && !ids.has(e.action_id), `action_id ${e.action_id}`);
        ids.add(e.action_id);
        if (e.type === 'button') {
          check(e.text.text.length <= LIMITS.buttonText, 'button text');
          check(e.value.length <= LIMITS.buttonValue, 'button value');
          if (e.confirm) {
            check(e.confirm.title.text.length <= LIMITS.confirmTitle, 'confirm title');
            check(e.confirm.text.text.length <= LIMITS.confirmText, 'confirm text');
            check(e.confirm.confirm.text.length <= LIMITS.confirmButton, 'confirm button');
            check(e.confirm.deny.text.length <= LIMITS.confirmButton, 'deny button');
          }
        }
        if (e.type === 'static_select') {
          check(e.options.length <= 100, 'options count');
          for (const o of e.options) {
            check(o.text.text.length <= LIMITS.optionText, 'option text');
            check(o.value.length <= LIMITS.optionValue, 'option value');
          }
        }
      }
    }
  }
  return out;
}
