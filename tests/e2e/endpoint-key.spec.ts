import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startKeyProbe } from '../key-probe';
import { expect, test } from './fixtures';

const polite = (page: Page) => page.getByTestId('live-polite');
const assertive = (page: Page) => page.getByTestId('live-assertive');

async function axe(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('changing the endpoint says the saved key is not for it and asks for the key again; nothing is sent there', async ({
  app,
  fake
}) => {
  const probe = await startKeyProbe();
  try {
    await app.getByRole('button', { name: 'Settings', exact: true }).click();
    const keyField = app.getByLabel('New API key');
    await keyField.fill(fake.apiKey);
    await app.getByRole('button', { name: 'Save key' }).click();
    await expect(app.getByTestId('key-status')).toHaveText(
      `Key set for 127.0.0.1 port ${fake.port}, stored in a file only your account can read.`
    );

    const withheld = `The saved key was entered for 127.0.0.1 port ${fake.port}, so it is not sent to 127.0.0.1 port ${probe.port}. Enter the key for that endpoint in Settings.`;
    await app.getByLabel('Endpoint address').fill(probe.baseURL);
    await app.getByRole('button', { name: 'Save endpoint' }).click();
    await expect(polite(app)).toHaveText(`Endpoint saved: ${probe.baseURL}. ${withheld}`);
    await expect(app.getByTestId('key-status')).toHaveText(withheld);
    // The key field is described by it, so moving to it says so again.
    await expect(keyField).toHaveAccessibleDescription(withheld);
    // The key is still saved (for the other endpoint), so it can be cleared.
    await expect(app.getByRole('button', { name: 'Clear saved key' })).toBeEnabled();
    expect(await axe(app)).toEqual([]);

    // Checking the connection sends nothing to the new endpoint, and says why.
    await app.getByRole('button', { name: 'Check connection' }).click();
    await expect(assertive(app)).toHaveText(withheld);
    expect(probe.authorizations()).toEqual([]);
    expect(probe.heard(fake.apiKey)).toBe(false);

    // Entered again, the key is for the new endpoint.
    await app.getByRole('button', { name: 'Settings', exact: true }).click();
    await app.getByLabel('New API key').fill('sk-for-the-probe-000001');
    await app.getByRole('button', { name: 'Save key' }).click();
    await expect(app.getByTestId('key-status')).toHaveText(
      `Key set for 127.0.0.1 port ${probe.port}, stored in a file only your account can read.`
    );

    // An unencrypted endpoint elsewhere is refused, with the reason.
    await app.getByLabel('Endpoint address').fill('http://example.com/v1');
    await app.getByRole('button', { name: 'Save endpoint' }).click();
    await expect(assertive(app)).toContainText('The endpoint was not saved.');
    await expect(assertive(app)).toContainText('An http:// endpoint must be on this computer');
    await expect(app.getByLabel('Endpoint address')).toHaveAttribute('aria-invalid', 'true');
    expect(await axe(app)).toEqual([]);
    expect(probe.heard(fake.apiKey)).toBe(false);
  } finally {
    await probe.close();
  }
});
