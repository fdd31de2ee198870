/** What the IMS Common Cartridge basic LTI link (the tool's configuration XML) describes. */
export interface ToolDescription {
  title: string;
  description: string;
  icon: string;
  launchUrl: string;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The `cartridge_basiclti_link` an LMS reads when the tool is added "by URL" or "paste XML"
 * (Canvas, Moodle): title, description, icon and launch URL.
 */
export function toolConfigXml(tool: ToolDescription): string {
  const icon = tool.icon ? `\n  <blti:icon>${escapeXml(tool.icon)}</blti:icon>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0"
    xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0"
    xmlns:lticm="http://www.imsglobal.org/xsd/imslticm_v1p0"
    xmlns:lticp="http://www.imsglobal.org/xsd/imslticp_v1p0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imslticc_v1p0 http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticc_v1p0.xsd http://www.imsglobal.org/xsd/imsbasiclti_v1p0 http://www.imsglobal.org/xsd/lti/ltiv1p0/imsbasiclti_v1p0.xsd http://www.imsglobal.org/xsd/imslticm_v1p0 http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticm_v1p0.xsd http://www.imsglobal.org/xsd/imslticp_v1p0 http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticp_v1p0.xsd">
  <blti:title>${escapeXml(tool.title)}</blti:title>
  <blti:description>${escapeXml(tool.description)}</blti:description>${icon}
  <blti:launch_url>${escapeXml(tool.launchUrl)}</blti:launch_url>
</cartridge_basiclti_link>
`;
}
