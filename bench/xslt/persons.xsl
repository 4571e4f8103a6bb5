<?xml version="1.0" encoding="UTF-8"?>
<!-- XSLT 1.0 equivalent of mappings/ech0020-persons-to-csv.yaml, for bench/transform: the same
     rows (one per reported person) and columns, except 'file' (XSLT 1.0 cannot name its input
     file) and the header line (written once by the benchmark). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:for-each select="//*[*[local-name() = 'localPersonId'] and *[local-name() = 'officialName']]
        [not(ancestor::*[local-name() = 'partner' or local-name() = 'contact'
                         or local-name() = 'contactData' or contains(local-name(), 'elationship')
                         or contains(local-name(), 'Parent') or contains(local-name(), 'guardian')])]">
      <xsl:call-template name="field">
        <xsl:with-param name="v" select="/*/*[local-name() = 'deliveryHeader']/*[local-name() = 'messageId']"/>
      </xsl:call-template>
      <xsl:text>,</xsl:text>
      <xsl:call-template name="field">
        <xsl:with-param name="v" select="/*/*[local-name() = 'deliveryHeader']/*[local-name() = 'messageDate']"/>
      </xsl:call-template>
      <xsl:text>,</xsl:text>
      <xsl:value-of select="local-name(/*/*[local-name() != 'deliveryHeader'][1])"/>
      <xsl:text>,</xsl:text>
      <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'vn']"/></xsl:call-template>
      <xsl:text>,</xsl:text>
      <xsl:call-template name="field">
        <xsl:with-param name="v" select="*[local-name() = 'localPersonId']/*[local-name() = 'personIdCategory']"/>
      </xsl:call-template>
      <xsl:text>,</xsl:text>
      <xsl:call-template name="field">
        <xsl:with-param name="v" select="*[local-name() = 'localPersonId']/*[local-name() = 'personId']"/>
      </xsl:call-template>
      <xsl:text>,</xsl:text>
      <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'officialName']"/></xsl:call-template>
      <xsl:text>,</xsl:text>
      <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'firstName']"/></xsl:call-template>
      <xsl:text>,</xsl:text>
      <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'sex']"/></xsl:call-template>
      <xsl:text>,</xsl:text>
      <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'dateOfBirth']/*"/></xsl:call-template>
      <xsl:text>,</xsl:text>
      <xsl:call-template name="field">
        <xsl:with-param name="v" select="(//*[local-name() = 'reportingMunicipality']/*[local-name() = 'municipalityId'])[1]"/>
      </xsl:call-template>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
  <!-- RFC 4180: quote fields with a comma, quote or line break, doubling quotes. -->
  <xsl:template name="field">
    <xsl:param name="v"/>
    <xsl:variable name="s" select="string($v)"/>
    <xsl:choose>
      <xsl:when test="contains($s, ',') or contains($s, '&quot;') or contains($s, '&#10;') or contains($s, '&#13;')">
        <xsl:text>"</xsl:text>
        <xsl:call-template name="double-quotes"><xsl:with-param name="s" select="$s"/></xsl:call-template>
        <xsl:text>"</xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template name="double-quotes">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&quot;')">
        <xsl:value-of select="substring-before($s, '&quot;')"/><xsl:text>""</xsl:text>
        <xsl:call-template name="double-quotes"><xsl:with-param name="s" select="substring-after($s, '&quot;')"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
