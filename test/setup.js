// n8n-core reads its instance settings from N8N_USER_FOLDER at load: keep them out of ~/.n8n.
const fs = require('fs');
const os = require('os');
const path = require('path');

if (!process.env.N8N_USER_FOLDER || !process.env.N8N_USER_FOLDER.includes('amocrm-envybox-test')) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'amocrm-envybox-test-'));
}
process.env.N8N_ENCRYPTION_KEY =
	process.env.N8N_ENCRYPTION_KEY || 'test-encryption-key-amocrm-envybox';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
